package bundle

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/policy"
)

func TestBuild(t *testing.T) {
	ctx := context.Background()
	b, err := Build(ctx, Options{Version: "v1.2.3", Settings: map[string]policy.Setting{
		"ERS-CON-002": {Disabled: true}, "ERS-LIVE-005": {Severity: finding.Error},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if b.Files[0].Path != ".manifest" {
		t.Fatalf("first file %s, want .manifest", b.Files[0].Path)
	}
	var m struct {
		Revision    string         `json:"revision"`
		Roots       []string       `json:"roots"`
		RegoVersion int            `json:"rego_version"`
		Metadata    map[string]any `json:"metadata"`
	}
	if err := json.Unmarshal(b.Files[0].Data, &m); err != nil {
		t.Fatal(err)
	}
	if m.Revision != b.Revision || len(m.Revision) != 20 || strings.Join(m.Roots, ",") != "erslint/config,erslint/decision,erslint/engine,erslint/lib,erslint/rules,erslint/run" || m.RegoVersion != 1 ||
		m.Metadata["entrypoint"] != Entrypoint || m.Metadata["erslint"] != "v1.2.3" {
		t.Errorf(".manifest = %s", b.Files[0].Data)
	}
	paths := map[string][]byte{}
	for _, f := range b.Files {
		paths[f.Path] = f.Data
		if strings.HasSuffix(f.Path, "_test.rego") {
			t.Errorf("%s: tests are left out unless asked for", f.Path)
		}
	}
	for _, p := range []string{"erslint/config/data.json", "erslint/rego/entrypoint.rego", "erslint/rego/schema.rego",
		"policies/decision/decision.rego", "policies/lib/lib.rego", "policies/contract/in_force/in_force.rego"} {
		if paths[p] == nil {
			t.Errorf("bundle has no %s", p)
		}
	}
	var data struct {
		Rules    map[string]map[string]string `json:"rules"`
		Settings map[string]map[string]any    `json:"settings"`
		Packages map[string]string            `json:"packages"`
		Schema   map[string]map[string]any    `json:"schema"`
		AsOf     *string                      `json:"asOf"`
	}
	if err := json.Unmarshal(paths["erslint/config/data.json"], &data); err != nil {
		t.Fatal(err)
	}
	if got := data.Rules["ERS-CON-002"]; got["severity"] != "error" || got["stage"] != "pre-go-live" {
		t.Errorf("rules[ERS-CON-002] = %v", got)
	}
	if data.Settings["ERS-CON-002"]["disabled"] != true || data.Settings["ERS-LIVE-005"]["severity"] != "error" {
		t.Errorf("settings = %v", data.Settings)
	}
	if data.Packages["rules.contract.in_force"] != "ERS-CON-002" {
		t.Errorf("packages = %v", data.Packages)
	}
	if data.AsOf != nil {
		t.Errorf("asOf = %q: the entrypoint supplies the date of each decision", *data.AsOf)
	}
	if org := data.Schema["organisation"]; org["closed"] != true || len(org["properties"].([]any)) != 4 {
		t.Errorf("schema[organisation] = %v", org)
	}
	if date := data.Schema["services.*.contracts.*.start"]; date["format"] != "date" || !strings.HasPrefix(fmt.Sprint(date["patternWords"]), "a date written YYYY-MM-DD") {
		t.Errorf("schema[...start] = %v ($ref to the date not resolved?)", date)
	}

	again, err := Build(ctx, Options{Version: "v1.2.3", Settings: map[string]policy.Setting{
		"ERS-CON-002": {Disabled: true}, "ERS-LIVE-005": {Severity: finding.Error},
	}})
	if err != nil {
		t.Fatal(err)
	}
	x, _ := b.TarGz()
	y, _ := again.TarGz()
	if !bytes.Equal(x, y) {
		t.Error("the same bundle built twice is not the same bytes")
	}
	plain, err := Build(ctx, Options{Version: "v1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	if plain.Revision == b.Revision {
		t.Error("other settings, same revision")
	}
}

func TestTarGzIsReadable(t *testing.T) {
	b, err := Build(context.Background(), Options{Tests: true})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := b.TarGz()
	if err != nil {
		t.Fatal(err)
	}
	gz, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	n, tests := 0, 0
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if want := "/" + b.Files[n].Path; h.Name != want {
			t.Errorf("entry %d is %s, want %s", n, h.Name, want)
		}
		if strings.HasSuffix(h.Name, "_test.rego") {
			tests++
		}
		n++
	}
	if n != len(b.Files) || tests == 0 {
		t.Errorf("%d entries (%d tests), want %d with tests", n, tests, len(b.Files))
	}
}

func TestBuildRefusesUnknownRuleSettings(t *testing.T) {
	_, err := Build(context.Background(), Options{Settings: map[string]policy.Setting{"ERS-NOPE-001": {Disabled: true}}})
	var unknown *lint.UnknownRuleError
	if !errors.As(err, &unknown) || unknown.ID != "ERS-NOPE-001" {
		t.Errorf("err = %v, want an unknown rule", err)
	}
}

func TestCustomPoliciesAreBundled(t *testing.T) {
	src := policy.Source{Name: "../org/owner/owner.rego", Text: []byte(`# METADATA
# title: An owner is named
# custom:
#   id: ORG-001
#   severity: warning
#   stage: planning
package erslint.rules.org.owner

import data.erslint.lib

deny contains lib.finding("no owner", ["metadata", "owner"]) if not input.metadata.owner
`)}
	b, err := Build(context.Background(), Options{Policies: []policy.Source{src}})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range b.Files {
		found = found || f.Path == "custom/org/owner/owner.rego"
	}
	if !found {
		t.Error("custom policy not bundled at custom/org/owner/owner.rego")
	}
	helper := policy.Source{Name: "org/helpers.rego", Text: []byte("package org.helpers\n\nowner_key := \"owner\"\n")}
	withHelper, err := Build(context.Background(), Options{Policies: []policy.Source{src, helper}})
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Roots []string `json:"roots"`
	}
	if err := json.Unmarshal(withHelper.Files[0].Data, &m); err != nil {
		t.Fatal(err)
	}
	if strings.Join(m.Roots, ",") != "erslint/config,erslint/decision,erslint/engine,erslint/lib,erslint/rules,erslint/run,org" {
		t.Errorf("roots = %v, want erslint and org (the helper's package)", m.Roots)
	}
	bad := policy.Source{Name: "bad.rego", Text: []byte("package erslint.rules.org.bad\ndeny contains x if {")}
	if _, err := Build(context.Background(), Options{Policies: []policy.Source{bad}}); err == nil {
		t.Error("a policy that does not compile was bundled")
	}
}

func TestSchemaTableRefusesKeywordsItCannotCheck(t *testing.T) {
	_, err := schemaTable([]byte(`{"type": "object", "properties": {"a": {"oneOf": [{"type": "string"}]}}}`))
	if err == nil || !strings.Contains(err.Error(), `keyword "oneOf"`) {
		t.Errorf("err = %v, want the unsupported keyword named", err)
	}
}

// A policy read from a directory is bundled by its path below that directory,
// under the directory's number: not where the directory is, nor how it was named.
func TestCustomPoliciesAreBundledBelowTheirDirectory(t *testing.T) {
	text := []byte("package org.helpers\n\nowner_key := \"owner\"\n")
	build := func(dirs ...string) []string {
		var srcs []policy.Source
		for _, d := range dirs {
			srcs = append(srcs, policy.Source{Name: d + "/helpers.rego", Text: text, Dir: d, Rel: "helpers.rego"})
		}
		b, err := Build(context.Background(), Options{Policies: srcs})
		if err != nil {
			t.Fatal(err)
		}
		var paths []string
		for _, f := range b.Files {
			if strings.HasPrefix(f.Path, "custom/") {
				paths = append(paths, f.Path)
			}
		}
		return append(paths, b.Revision)
	}
	one, other := build("/home/a/one/pol"), build("./pol/")
	if one[0] != "custom/1/helpers.rego" || fmt.Sprint(one) != fmt.Sprint(other) {
		t.Errorf("bundled as %v and %v, want custom/1/helpers.rego and one revision", one, other)
	}
	if two := build("a", "b"); fmt.Sprint(two[:2]) != "[custom/1/helpers.rego custom/2/helpers.rego]" {
		t.Errorf("two directories bundled as %v", two)
	}
}
