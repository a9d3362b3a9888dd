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
