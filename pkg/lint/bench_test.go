package lint

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/pkg/policy"
	"github.com/erslint/erslint/pkg/validate"
)

// The benchmarks measure one document through each step of the pipeline, and
// the steps that run once over a whole run. bench/run.sh measures the binary;
// these are for profiles (-cpuprofile, -memprofile) and for comparing a change:
//
//	go test -run '^$' -bench . -count 6 ./pkg/lint | tee new.txt

// benchManifest is a typical manifest (three services, as the benchmark corpus).
func benchManifest(b *testing.B) []byte {
	b.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "independent-sector-provider.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	return src
}

// benchCorpus writes n manifests with the benchmark's generator into a
// temporary directory, or skips when python3 is not installed.
func benchCorpus(b *testing.B, n int) string {
	b.Helper()
	python, err := exec.LookPath("python3")
	if err != nil {
		b.Skip("python3 is not installed: no corpus")
	}
	dir := b.TempDir()
	gen := filepath.Join("..", "..", "bench", "gen-manifests.py")
	if out, err := exec.Command(python, gen, dir, "-n", strconv.Itoa(n)).CombinedOutput(); err != nil {
		b.Fatalf("generate corpus: %v\n%s", err, out)
	}
	return dir
}

// benchLinter is the linter of a run on the benchmark's date; jobs 0 means one
// per CPU.
func benchLinter(b *testing.B, jobs int) *Linter {
	b.Helper()
	l, err := New(context.Background(), Options{AsOf: "2026-11-24", Jobs: jobs})
	if err != nil {
		b.Fatal(err)
	}
	return l
}

func BenchmarkLoad(b *testing.B) {
	src := benchManifest(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		manifest.Parse("m.yaml", src, manifest.DefaultLimits)
	}
}

func BenchmarkValidate(b *testing.B) {
	doc := manifest.Parse("m.yaml", benchManifest(b), manifest.DefaultLimits).Documents[0]
	v, err := validate.New()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		v.Validate(doc)
	}
}

// BenchmarkEvaluate is one evaluation of every rule on one document, as
// lintDocument does it: input conversion, the prepared query, the results.
func BenchmarkEvaluate(b *testing.B) {
	doc := manifest.Parse("m.yaml", benchManifest(b), manifest.DefaultLimits).Documents[0]
	l := benchLinter(b, 0)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.engine.Evaluate(ctx, doc.Data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluateCorpus is BenchmarkEvaluate over 100 documents of the
// benchmark corpus (a quarter of them with findings), per document.
func BenchmarkEvaluateCorpus(b *testing.B) {
	dir := benchCorpus(b, 100)
	inputs, err := Collect([]string{dir}, nil)
	if err != nil {
		b.Fatal(err)
	}
	var docs []any
	for _, in := range inputs {
		src, err := os.ReadFile(in.Path)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, manifest.Parse(in.Name, src, manifest.DefaultLimits).Documents[0].Data)
	}
	l := benchLinter(b, 0)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := l.engine.Evaluate(ctx, docs[i%len(docs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkCrossCheck is the cross-manifest rules over the keys of 10,000
// documents, all distinct: it must stay linear (comparing every pair of
// documents took minutes).
func BenchmarkCrossCheck(b *testing.B) {
	l := benchLinter(b, 0)
	var input policy.RunInput
	for i := range 10_000 {
		err := input.Add(map[string]any{"files": fmt.Sprintf("m/%06d.yaml", i),
			"names": fmt.Sprintf("org-%06d", i), "nameLines": 4,
			"odsCodes": fmt.Sprintf("A%05d", i), "odsLines": 10})
		if err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.engine.EvaluateRun(ctx, &input); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLintDocument(b *testing.B) {
	src := benchManifest(b)
	l := benchLinter(b, 1)
	ctx := context.Background()
	in := []Input{{Name: "m.yaml", Data: src}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.Lint(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLintCorpus lints 1,000 manifests of the benchmark corpus as erslint
// lint does, every CPU busy, for profiles of the whole pipeline:
//
//	go test -run '^$' -bench LintCorpus -cpuprofile cpu.prof ./pkg/lint
func BenchmarkLintCorpus(b *testing.B) {
	dir := benchCorpus(b, 1000)
	l := benchLinter(b, 0)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		inputs, err := Collect([]string{dir}, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := l.Lint(ctx, inputs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNew is what a run prepares once: the rules parsed, compiled and
// prepared, their run constants worked out, and the schema compiled; most of
// the cold start of erslint lint on one file.
func BenchmarkNew(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(ctx, Options{AsOf: "2026-11-24"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecide is the decision (policies/decision) on one document with
// three findings and no waivers, the common case of a document with findings.
func BenchmarkDecide(b *testing.B) {
	l := benchLinter(b, 1)
	fs := []finding.Finding{
		{RuleID: "ERS-CON-002", Path: finding.Path{"services", 0, "contracts", 0, "end"}},
		{RuleID: "ERS-GOV-003", Path: finding.Path{"governance", "screenFilters"}},
		{RuleID: "ERS-LIVE-001", Path: finding.Path{"goLive", "nationalServiceDeskRegistered"}},
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.engine.Decide(ctx, fs, nil, finding.PreGoLive); err != nil {
			b.Fatal(err)
		}
	}
}
