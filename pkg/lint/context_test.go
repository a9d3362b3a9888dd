package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestLintInContext: the context files take part in the cross-manifest rules
// only; they are not reported on, not counted, and a context file that is an
// input, or cannot be read as a manifest, changes nothing.
func TestLintInContext(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	given := write("given.yaml", orgManifest("live", ""))
	other := write("other.yaml", strings.Replace(orgManifest("live", ""), "name: m", "name: other", 1))
	write("broken.yaml", "a: [\n")
	write("unrelated.yaml", "services: {}\n")
	l := newLinter(t, Options{})
	inputs := []Input{{Name: "given.yaml", Path: given}}
	others, err := Collect([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := l.LintInContext(context.Background(), inputs, others)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Findings {
		if f.File != "given.yaml" {
			t.Errorf("a finding on a context file: %s:%d %s", f.File, f.Line, f.RuleID)
		}
		if strings.HasPrefix(f.RuleID, "ERS-REPO-") {
			got = append(got, fmt.Sprintf("%s:%d %s", f.File, f.Line, f.RuleID))
		}
	}
	if want := []string{"given.yaml:9 ERS-REPO-001"}; !reflect.DeepEqual(got, want) {
		t.Errorf("cross-manifest findings %q, want %q (the ODS code clashes with %s, the name does not)", got, want, other)
	}
	if rep.Files != 1 || rep.Documents != 1 || len(rep.DocumentInfos) != 1 {
		t.Errorf("files %d, documents %d, infos %d; want the input's alone", rep.Files, rep.Documents, len(rep.DocumentInfos))
	}
	// Without context, or with the input alone as context, nothing clashes.
	for _, ctxFiles := range [][]Input{nil, inputs} {
		rep, err := l.LintInContext(context.Background(), inputs, ctxFiles)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(only(rep, "ERS-REPO-001")) + len(only(rep, "ERS-REPO-002")); n != 0 {
			t.Errorf("%d cross-manifest findings with context %v", n, ctxFiles)
		}
	}
}

// LintWithContext finds what LintInContext finds, with the context read once
// and used again and again (a language server at each edit), leaving out the
// files skip names; the Context is not changed by the runs.
func TestLintWithContext(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other.yaml")
	if err := os.WriteFile(other, []byte(strings.Replace(orgManifest("live", ""), "name: m", "name: other", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	l := newLinter(t, Options{})
	others, err := Collect([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	inputs := []Input{{Name: "open.yaml", Data: []byte(orgManifest("live", ""))}}
	want, err := l.LintInContext(context.Background(), inputs, others)
	if err != nil {
		t.Fatal(err)
	}
	if len(only(want, "ERS-REPO-001")) != 1 {
		t.Fatalf("the test's manifests do not clash: %+v", want.Findings)
	}
	read := l.ReadContext(context.Background(), others)
	for range 3 {
		got, err := l.LintWithContext(context.Background(), inputs, read, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Findings, want.Findings) {
			t.Fatalf("LintWithContext:\n%+v\nLintInContext:\n%+v", got.Findings, want.Findings)
		}
	}
	skip := func(path string) bool { return path == other }
	got, err := l.LintWithContext(context.Background(), inputs, read, skip, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(only(got, "ERS-REPO-001")); n != 0 {
		t.Errorf("the skipped file was compared: %d ERS-REPO-001", n)
	}
	// Another input, given as content, takes the skipped file's place.
	got, err = l.LintWithContext(context.Background(), inputs, read, skip, []Input{{Name: "other.yaml", Data: []byte(orgManifest("live", ""))}})
	if err != nil {
		t.Fatal(err)
	}
	if len(only(got, "ERS-REPO-001")) != 1 || len(only(got, "ERS-REPO-002")) != 1 {
		t.Errorf("with the skipped file's unsaved twin: %+v", got.Findings)
	}
}
