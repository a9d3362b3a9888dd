package policy

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Every built-in of the OPA version erslint is built with is either allowed or
// denied with a reason: an upgrade that brings a new one fails here until
// somebody decides which it is.
func TestEveryBuiltinIsClassified(t *testing.T) {
	known := map[string]bool{}
	for _, b := range ast.CapabilitiesForThisVersion().Builtins {
		known[b.Name] = true
		_, deny := denied[b.Name]
		switch {
		case allowed[b.Name] && deny:
			t.Errorf("%s is both allowed and denied", b.Name)
		case !allowed[b.Name] && !deny:
			t.Errorf("built-in %s is not classified: add it to allowed (pure, deterministic, reads nothing but its arguments) or to denied, with the reason, in capabilities.go", b.Name)
		case allowed[b.Name] && b.Nondeterministic:
			t.Errorf("%s is allowed, but OPA marks it non-deterministic", b.Name)
		}
	}
	for name := range allowed {
		if !known[name] {
			t.Errorf("allowed lists %s, which this OPA does not have", name)
		}
	}
	for name := range denied {
		if !known[name] {
			t.Errorf("denied lists %s, which this OPA does not have", name)
		}
	}
	caps := Capabilities()
	if len(caps.Builtins) != len(allowed) {
		t.Errorf("capabilities hold %d built-ins, want the %d allowed", len(caps.Builtins), len(allowed))
	}
	for _, b := range caps.Builtins {
		if !allowed[b.Name] {
			t.Errorf("capabilities hold %s, which is not allowed", b.Name)
		}
	}
	if len(caps.AllowNet) != 0 {
		t.Errorf("AllowNet = %v, want none", caps.AllowNet)
	}
}

// A policy calling a denied built-in does not compile, and the error says
// where (file:line:col) and why.
func TestDeniedBuiltinsDoNotCompile(t *testing.T) {
	for name, why := range denied {
		t.Run(name, func(t *testing.T) {
			src := fmt.Sprintf("package org.x\n\nx := %s(1)\n", name)
			modules, err := parse([]Source{{Name: "org/x.rego", Text: []byte(src)}})
			if err != nil {
				t.Fatal(err)
			}
			_, err = Compile(modules)
			want := fmt.Sprintf("org/x.rego:3:6: undefined function %s (not available to erslint policies: %s)", name, why)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v, want %q", err, want)
			}
		})
	}
}

// A schema's $ref to a host file (a FIFO hung the run past --eval-timeout;
// /dev/zero exhausted memory): the policy is refused before anything runs.
func TestSchemaBuiltinsCannotReachHostFiles(t *testing.T) {
	for _, call := range []string{
		`json.match_schema({}, {"$ref": "file:///dev/zero"})`,
		`json.verify_schema({"$ref": "file:///etc/passwd"})`,
	} {
		src := "package org.x\n\nx := " + call + "\n"
		_, err := New(context.Background(), Options{Sources: []Source{{Name: "org/x.rego", Text: []byte(src)}}, AsOf: "2026-11-24"})
		if err == nil || !strings.Contains(err.Error(), "org/x.rego:3:6: undefined function json.") ||
			!strings.Contains(err.Error(), "a schema's $ref can read host files") {
			t.Errorf("%s: err = %v", call, err)
		}
	}
}

// docs/policy-sandbox.md names every built-in a policy may not call.
func TestSandboxDocsNameEveryDeniedBuiltin(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "policy-sandbox.md"))
	if err != nil {
		t.Fatal(err)
	}
	for name := range denied {
		if !strings.Contains(string(doc), "`"+name+"`") {
			t.Errorf("docs/policy-sandbox.md does not name %s", name)
		}
	}
	for _, root := range reservedRoots {
		if !strings.Contains(string(doc), "`"+root+"`") {
			t.Errorf("docs/policy-sandbox.md does not name the reserved namespace %s", root)
		}
	}
}
