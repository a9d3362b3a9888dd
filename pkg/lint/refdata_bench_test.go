package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/erslint/erslint/pkg/refdata"
)

// benchRefData writes reference data of the register's size (250,000
// organisations) that holds every code of the benchmark corpus: its
// organisations (letter and 5 digits, named as the generator names them, one
// in ten closed) and its commissioners (Q00..Q09).
func benchRefData(b *testing.B, n int) string {
	b.Helper()
	d := &refdata.Document{Format: refdata.Format, Source: "benchmark", Extracted: "2026-11-01",
		Covers:        []string{"RO197", "RO172", "RO157", "RO177", "RO76", "RO98", "RO261", "RO318", "RO319", "RO209", "RO210", "RO218"},
		Organisations: map[string]*refdata.Organisation{}}
	roles := [][]string{{"RO197"}, {"RO177", "RO76"}, {"RO172"}, {"RO98", "RO319"}}
	for i := range 250_000 {
		d.Organisations[fmt.Sprintf("Z%06d", i)] = &refdata.Organisation{Name: fmt.Sprintf("REGISTER ORGANISATION %d", i), Roles: roles[i%4], Opened: "1990-04-01"}
	}
	// Every role a corpus organisation's type may expect: the benchmark
	// measures the reference data, not a flood of ERS-REF-003 findings.
	corpusRoles := []string{"RO172", "RO197", "RO318", "RO76"}
	for i := range n {
		o := &refdata.Organisation{Name: fmt.Sprintf("EXAMPLE ORGANISATION %d", i), Roles: corpusRoles, Opened: "2000-01-01"}
		if i%10 == 0 {
			o.Closed, o.Successor = "2026-06-30", "Z000001"
		}
		d.Organisations[fmt.Sprintf("%c%05d", 'A'+i%26, i%100000)] = o
	}
	for s := range 10 {
		d.Organisations[fmt.Sprintf("Q%02d", s)] = &refdata.Organisation{Name: "NHS EXAMPLE ICB " + strconv.Itoa(s), Roles: []string{"RO261", "RO318"}, Opened: "2022-07-01"}
	}
	path := filepath.Join(b.TempDir(), "refdata.json")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := d.Write(f); err != nil {
		b.Fatal(err)
	}
	return path
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkLintCorpusRefData lints the 10,000 manifests of the benchmark
// corpus without and then with reference data of 250,000 organisations
// (loaded, the rules prepared and the corpus linted), in turn in each
// iteration, so both see the same load on a shared machine. It reports the
// CPU time of each (cpu-s-without, cpu-s-with), less noisy than wall time,
// and the increase (extra-%):
//
//	go test -run '^$' -bench LintCorpusRefData -benchtime 2x ./pkg/lint
func BenchmarkLintCorpusRefData(b *testing.B) {
	n := 10_000
	if s := os.Getenv("ERSLINT_BENCH_CORPUS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	dir := benchCorpus(b, n)
	path := benchRefData(b, n)
	ctx := context.Background()
	lintOnce := func(with bool) time.Duration {
		start := processCPU()
		opts := Options{AsOf: "2026-11-24"}
		if with {
			d, err := refdata.Load(path, 0)
			if err != nil {
				b.Fatal(err)
			}
			opts.RefData = d
		}
		l, err := New(ctx, opts)
		if err != nil {
			b.Fatal(err)
		}
		inputs, err := Collect([]string{dir}, nil)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := l.Lint(ctx, inputs)
		if err != nil {
			b.Fatal(err)
		}
		if with != (rep.RefData != nil) {
			b.Fatal("reference data not as asked in the report")
		}
		return processCPU() - start
	}
	var without, with time.Duration
	for b.Loop() {
		without += lintOnce(false)
		with += lintOnce(true)
	}
	b.ReportMetric(without.Seconds()/float64(b.N), "cpu-s-without")
	b.ReportMetric(with.Seconds()/float64(b.N), "cpu-s-with")
	b.ReportMetric(100*(with.Seconds()-without.Seconds())/without.Seconds(), "extra-%")
}
