package lint_test

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/report"
)

// The report must not depend on how many files are linted at once: the same
// bytes for --jobs 1 and --jobs 8, on a sample of the benchmark corpus (a
// quarter of its manifests have findings) plus the examples and test data,
// which hold duplicates for the cross-manifest rules, waivers and bad files.
func TestReportIsByteIdenticalForAnyNumberOfJobs(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: no corpus")
	}
	dir := t.TempDir()
	gen := filepath.Join("..", "..", "bench", "gen-manifests.py")
	if out, err := exec.Command(python, gen, dir, "-n", "200").CombinedOutput(); err != nil {
		t.Fatalf("generate corpus: %v\n%s", err, out)
	}
	paths := []string{dir, filepath.Join("..", "..", "examples"), filepath.Join("..", "..", "testdata")}

	ctx := context.Background()
	formats := report.Names()
	// Packed, as lint runs: the findings sorted a file at a time.
	reports := func(jobs int) map[string][]byte {
		t.Helper()
		inputs, err := lint.Collect(paths, nil)
		if err != nil {
			t.Fatal(err)
		}
		l, err := lint.New(ctx, lint.Options{AsOf: "2026-11-24", Jobs: jobs, PackFindings: true})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := l.Lint(ctx, inputs)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]byte{}
		for _, format := range formats {
			w, err := report.New(format, report.Options{Version: "test"})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := w.Write(&buf, rep); err != nil {
				t.Fatal(err)
			}
			out[format] = buf.Bytes()
		}
		return out
	}
	one, eight := reports(1), reports(8)
	for _, format := range formats {
		if len(one[format]) == 0 {
			t.Errorf("empty %s report", format)
		}
		if !bytes.Equal(one[format], eight[format]) {
			t.Errorf("--jobs 1 and --jobs 8 wrote different %s reports (%d and %d bytes)", format, len(one[format]), len(eight[format]))
		}
	}
}
