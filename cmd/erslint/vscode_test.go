package main

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/lsp"
)

// The VS Code extension (editors/vscode, built and type-checked by .ci/run)
// sends every initialization option the server reads, from a setting of the
// same name, and starts the server as `erslint lsp`.
func TestVSCodeExtensionMatchesServer(t *testing.T) {
	pkg, err := os.ReadFile("../../editors/vscode/package.json")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("../../editors/vscode/src/extension.ts")
	if err != nil {
		t.Fatal(err)
	}
	var manifest struct {
		Contributes struct {
			Configuration struct {
				Properties map[string]any `json:"properties"`
			} `json:"configuration"`
		} `json:"contributes"`
		Dependencies map[string]string `json:"dependencies"`
	}
	if err := json.Unmarshal(pkg, &manifest); err != nil {
		t.Fatal(err)
	}
	typ := reflect.TypeOf(lsp.InitOptions{})
	for i := range typ.NumField() {
		tag := strings.Split(typ.Field(i).Tag.Get("json"), ",")[0]
		if _, ok := manifest.Contributes.Configuration.Properties["erslint."+tag]; !ok {
			t.Errorf("package.json has no setting erslint.%s for the initialization option %s", tag, tag)
		}
		if !strings.Contains(string(src), "out."+tag+" = ") || !strings.Contains(string(src), `get<`) {
			t.Errorf("extension.ts does not send the initialization option %s", tag)
		}
	}
	if !strings.Contains(string(src), `args: ["lsp"]`) {
		t.Error(`extension.ts does not start the server with args ["lsp"]`)
	}
	if manifest.Dependencies["vscode-languageclient"] == "" {
		t.Error("package.json does not depend on vscode-languageclient")
	}
}
