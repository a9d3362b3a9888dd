package lint_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/erslint/erslint/pkg/cache"
	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/forecast"
	"github.com/erslint/erslint/pkg/gitrepo"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/policy"
	"github.com/erslint/erslint/pkg/report"
)

// customRule is a custom policy the property test adds and takes away.
const customRule = `# METADATA
# title: Short names
# custom:
#   id: ORG-SHORT-001
#   severity: warning
#   stage: planning
package erslint.rules.org.short

deny contains {"msg": sprintf("metadata.name %s is short", [input.metadata.name]), "path": ["metadata", "name"]} if {
	count(input.metadata.name) < %d
}
`

// TestCacheNeverChangesAReport: random repositories, edited in turn in each
// thing that decides findings (content, rule settings, assessment date, a
// custom policy, extra inputs such as reference data, the days of
// look-ahead), linted with a cache that persists across the edits, cold and
// warm, and without: every report, in every format, is the same bytes.
func TestCacheNeverChangesAReport(t *testing.T) {
	seeds := []uint64{1, 2, 3}
	if testing.Short() {
		seeds = seeds[:1]
	}
	var templates []string
	for _, name := range []string{"gp-practice.yaml", "nhs-trust.yaml", "independent-sector-provider.yaml", "gaps/community-clinic.yaml"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "examples", name))
		if err != nil {
			t.Fatal(err)
		}
		templates = append(templates, string(b))
	}
	git := exec.Command("git", "version").Run() == nil
	for _, seed := range seeds {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 21))
			repo := t.TempDir()
			cacheDir := filepath.Join(t.TempDir(), "cache")
			gitRun := func(args ...string) {
				cmd := exec.Command("git", args...)
				cmd.Dir = repo
				cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
					"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t")
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
			}
			if git {
				gitRun("init", "-q")
			}
			write := func(i int) {
				src := mutate(rng, templates[rng.IntN(len(templates))])
				dir := filepath.Join(repo, fmt.Sprintf("d%d", i%3))
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("m%d.yaml", i)), []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			files := 8 + rng.IntN(8)
			for i := range files {
				write(i)
			}
			opts := lint.Options{AsOf: "2026-11-24", Jobs: 2}
			days := 0 // of look-ahead (lint --days), with a rehearsal (forecast)
			for step := range 14 {
				switch step % 7 {
				case 0: // content: rewrite some files, add one
					for range 1 + rng.IntN(3) {
						write(rng.IntN(files))
					}
					write(files)
					files++
				case 1: // rule settings
					opts.Rules = map[string]lint.RuleSetting{}
					for _, id := range []string{"ERS-REPO-001", "ERS-GOV-003", "ERS-ACC-001", "ERS-DEV-001"} {
						switch rng.IntN(3) {
						case 0:
							opts.Rules[id] = lint.RuleSetting{Disabled: true}
						case 1:
							opts.Rules[id] = lint.RuleSetting{Severity: finding.Severity(1 + rng.IntN(3))}
						}
					}
				case 2: // assessment date
					opts.AsOf = fmt.Sprintf("20%02d-%02d-%02d", 24+rng.IntN(4), 1+rng.IntN(12), 1+rng.IntN(28))
				case 3: // custom policy
					if opts.Policies == nil || rng.IntN(2) == 0 {
						opts.Policies = []policy.Source{{Name: "org/short.rego", Text: []byte(strings.Replace(customRule, "%d", fmt.Sprint(10+rng.IntN(20)), 1))}}
					} else {
						opts.Policies = nil
					}
				case 4: // other inputs (reference data)
					opts.CacheExtra = fmt.Sprint(rng.IntN(3))
				case 5: // committed (git blob ids stand for the files), then a file changed after
					if git {
						gitRun("add", "-A")
						gitRun("commit", "-qm", fmt.Sprint(step))
					}
					write(rng.IntN(files))
				case 6: // look-ahead
					days = []int{0, 30, 90, 400}[rng.IntN(4)]
				}
				if step%7 != 6 && rng.IntN(3) == 0 {
					days = 90 // with every other edit too, at times
				}
				inContext := rng.IntN(2) == 0
				want, _ := lintRepo(t, repo, opts, inContext, days)
				for run := range 2 { // cold (for what changed), then warm
					c, err := cache.Open(cacheDir, 0)
					if err != nil {
						t.Fatal(err)
					}
					o := opts
					o.Cache = c
					if git {
						ix, err := gitrepo.ReadIndex(context.Background(), repo)
						if err != nil {
							t.Fatal(err)
						}
						if ix != nil {
							o.Blobs = ix
						}
					}
					got, stats := lintRepo(t, repo, o, inContext, days)
					c.Close()
					if run == 1 && (stats.FilesCached != stats.Files || stats.ContextCached != stats.Context || stats.Files == 0) {
						t.Fatalf("step %d (%d days): the warm run took %+v from the cache, want every file", step, days, stats)
					}
					for format, w := range want {
						if !bytes.Equal(got[format], w) {
							t.Fatalf("step %d run %d (context %v, %d days): %s report differs with the cache:\n%s\nwithout:\n%s", step, run, inContext, days, format, got[format], w)
						}
					}
					if s := c.Stats(); s.Rejected > 0 || s.WriteErrors > 0 {
						t.Fatalf("step %d: cache stats %+v", step, s)
					}
				}
			}
		})
	}
}

// lintRepo lints the repository, every file, or two of them with the others
// as context, with days of look-ahead and the rehearsals as forecast has them
// (none for 0), and returns the report in every format.
func lintRepo(t *testing.T, repo string, opts lint.Options, inContext bool, days int) (map[string][]byte, lint.CacheStats) {
	t.Helper()
	wd, _ := os.Getwd()
	if err := os.Chdir(repo); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	l, err := lint.New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	all, err := lint.Collect([]string{"."}, nil)
	if err != nil {
		t.Fatal(err)
	}
	until := ""
	if days > 0 {
		start, err := time.Parse(time.DateOnly, opts.AsOf)
		if err != nil {
			t.Fatal(err)
		}
		until = start.AddDate(0, 0, days).Format(time.DateOnly)
	}
	run := func(inputs, others []lint.Input) (*lint.Report, error) {
		if days == 0 {
			return l.LintInContext(context.Background(), inputs, others)
		}
		plan := forecast.Plan(forecast.Options{AsOf: opts.AsOf, Until: until, AnyDate: opts.Policies != nil, Rehearse: true})
		return l.LintPlannedInContext(context.Background(), inputs, others, plan)
	}
	var rep *lint.Report
	if inContext {
		var names []string
		for _, in := range all {
			names = append(names, in.Name)
		}
		slices.Sort(names)
		inputs, err := lint.Collect(names[:2], nil)
		if err != nil {
			t.Fatal(err)
		}
		rep, err = run(inputs, all)
	} else {
		rep, err = run(all, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, name := range report.Names() {
		w, err := report.New(name, report.Options{Version: "test", Root: repo, Until: until})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := w.Write(&b, rep); err != nil {
			t.Fatal(err)
		}
		out[name] = b.Bytes()
	}
	return out, l.CacheStats()
}

// mutate changes a manifest at random: its name and ODS code from small pools
// (so that some clash), a line dropped, a waiver's date moved.
func mutate(rng *rand.Rand, src string) string {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "  name: ") && i < 6:
			lines[i] = fmt.Sprintf("  name: org-%d", rng.IntN(6))
		case strings.HasPrefix(l, "  odsCode: "):
			lines[i] = fmt.Sprintf("  odsCode: %s", []string{"A83008", "RXX", "8HV48", "B12345", "C1"}[rng.IntN(5)])
		case strings.Contains(l, "expires: "):
			lines[i] = fmt.Sprintf("    expires: \"20%02d-%02d-01\"", 25+rng.IntN(3), 1+rng.IntN(12))
		}
	}
	if rng.IntN(3) == 0 {
		i := 1 + rng.IntN(len(lines)-1)
		lines = append(lines[:i], lines[i+1:]...)
	}
	if rng.IntN(8) == 0 {
		lines = append(lines, "---", "apiVersion: ers-onboarding/v1", "kind: OnboardingManifest", "metadata:", "  name: second")
	}
	return strings.Join(lines, "\n")
}
