package forecast

import (
	"context"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
)

// BenchmarkForecast compares a look-ahead of 90 days with a plain lint of the
// same corpus (the benchmark generator's manifests); the budget is five times.
// bench/forecast.sh measures the binary on 10,000 manifests.
//
//	go test -run '^$' -bench . -count 6 ./pkg/forecast
func BenchmarkForecast(b *testing.B) {
	dir := corpus(b, 1000)
	inputs, err := lint.Collect([]string{dir}, nil)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	asOf := "2026-11-24"
	b.Run("lint", func(b *testing.B) {
		for b.Loop() {
			l, err := lint.New(ctx, lint.Options{AsOf: asOf})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := l.Lint(ctx, inputs); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("forecast-90d", func(b *testing.B) {
		for b.Loop() {
			l, err := lint.New(ctx, lint.Options{AsOf: asOf})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := Run(ctx, l, inputs, nil, Options{AsOf: asOf, Until: until(asOf, 90)}, finding.Error); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// corpus writes n manifests with bench/gen-manifests.py, or skips without python3.
func corpus(b *testing.B, n int) string {
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
