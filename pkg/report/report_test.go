package report

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/erslint/erslint/internal/reportschema"
	"github.com/erslint/erslint/pkg/forecast"
	"github.com/erslint/erslint/pkg/lint"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// lintPaths lints paths, relative to the working directory, as a user would.
func lintPaths(t *testing.T, paths ...string) *lint.Report {
	t.Helper()
	inputs, err := lint.Collect(paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(context.Background(), lint.Options{AsOf: "2026-11-24", Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	// With the look-ahead the json and html reports read (lint --days 90).
	rep, err := l.LintPlanned(context.Background(), inputs, forecast.Plan(forecast.Options{AsOf: "2026-11-24", Until: lookAheadUntil, Rehearse: true}))
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// lookAheadUntil is 90 days after the tests' assessment date.
const lookAheadUntil = "2027-02-22"

// lintTestdata lints the repo's testdata/report manifests from the repo root, so
// that file names in the golden files read as in a real run.
func lintTestdata(t *testing.T) *lint.Report {
	t.Helper()
	t.Chdir("../..")
	return lintPaths(t, "testdata/report")
}

// checkGolden compares got with testdata/<name>, or rewrites it with -update.
func checkGolden(t *testing.T, dir, name string, got []byte) {
	t.Helper()
	path := filepath.Join(dir, name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test ./pkg/report -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test ./pkg/report -update and review the diff\n--- got\n%s", name, got)
	}
}

func TestGolden(t *testing.T) {
	dir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	checkGoldenFormats(t, dir, lintTestdata(t))
}

// checkGoldenFormats writes rep in every format and compares each with
// dir/<format>.golden.
func checkGoldenFormats(t *testing.T, dir string, rep *lint.Report) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			wd, err := os.Getwd()
			if err != nil {
				t.Fatal(err)
			}
			w, err := New(name, Options{Version: "test", Root: wd, Until: lookAheadUntil})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := w.Write(&buf, rep); err != nil {
				t.Fatal(err)
			}
			if name == "json" {
				if err := reportschema.Report(buf.Bytes()); err != nil {
					t.Errorf("the JSON report does not match schema/report.schema.json: %v", err)
				}
			}
			// The repository root is where the test runs: the same bytes anywhere.
			got := bytes.ReplaceAll(buf.Bytes(), []byte(fileURI(wd, true)), []byte("file:///repo/"))
			checkGolden(t, dir, name+".golden", got)
		})
	}
}

// lintClean lints testdata/clean, whose one manifest has no findings.
func lintClean(t *testing.T) *lint.Report {
	t.Helper()
	rep := lintPaths(t, "testdata/clean")
	if len(rep.Findings) != 0 {
		t.Fatalf("testdata/clean has %d findings, want none: %+v", len(rep.Findings), rep.Findings)
	}
	return rep
}

// TestGoldenClean pins each format's output for a run with nothing to report,
// where formats tend to differ most (empty arrays, passing test cases, ✅).
func TestGoldenClean(t *testing.T) {
	checkGoldenFormats(t, "testdata/clean", lintClean(t))
}

func TestUnknownFormatIsAnError(t *testing.T) {
	if _, err := New("yaml", Options{}); err == nil {
		t.Fatal("New(yaml) returned no error; an unknown format must not fall back to a default")
	}
}

func TestTextColourOnlyWhenAsked(t *testing.T) {
	rep := lintTestdata(t)
	var plain, coloured bytes.Buffer
	if err := (Text{}).Write(&plain, rep); err != nil {
		t.Fatal(err)
	}
	if err := (Text{Color: true}).Write(&coloured, rep); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(plain.Bytes(), []byte("\x1b[")) {
		t.Error("plain text output holds ANSI escapes")
	}
	if !bytes.Contains(coloured.Bytes(), []byte("\x1b[31merror\x1b[0m")) {
		t.Error("coloured text output does not colour errors")
	}
}
