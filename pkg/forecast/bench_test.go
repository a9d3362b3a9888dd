package forecast

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
)

// BenchmarkForecast compares a look-ahead of 90 days, the JSON and HTML
// reports' (lint-90d, budget 1.2 times) and erslint forecast's with its
// rehearsal (forecast-90d, budget 2 times), with a plain lint of the same
// corpus (the benchmark generator's manifests).
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
	// The JSON and HTML reports' look-ahead: the plan without the rehearsal.
	b.Run("lint-90d", func(b *testing.B) {
		for b.Loop() {
			l, err := lint.New(ctx, lint.Options{AsOf: asOf})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := l.LintPlanned(ctx, inputs, Plan(Options{AsOf: asOf, Until: until(asOf, 90)})); err != nil {
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

// BenchmarkLookAheadDates looks 3,660 days ahead of one manifest with n
// contracts, each starting on a day of its own within the horizon: n change
// dates, and a manifest n contracts long. The look-ahead re-evaluates only the
// contract whose date crosses on each day, so its cost grows with n (days
// plus size), not with n² (days times size) as when every day linted the
// whole manifest; lint-n is the plain lint of the same manifest.
//
//	go test -run '^$' -bench LookAheadDates -benchtime 3x -count 3 ./pkg/forecast
func BenchmarkLookAheadDates(b *testing.B) {
	ctx := context.Background()
	asOf := "2026-11-24"
	for _, n := range []int{10, 100, 1000} {
		inputs := []lint.Input{{Name: "many.yaml", Data: []byte(manyContracts(n, asOf, 3650, 5000))}}
		l, err := lint.New(ctx, lint.Options{AsOf: asOf, Jobs: 1})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("lint-%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := l.Lint(ctx, inputs); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("forecast-%d", n), func(b *testing.B) {
			for b.Loop() {
				fc, err := Run(ctx, l, inputs, nil, Options{AsOf: asOf, Until: until(asOf, 3660)}, finding.Error)
				if err != nil {
					b.Fatal(err)
				}
				if got := len(fc.Documents[0].Changes); got < n {
					b.Fatalf("%d changes, want %d or more", got, n)
				}
			}
		})
	}
}
