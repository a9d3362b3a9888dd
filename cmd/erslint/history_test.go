package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/erslint/erslint/internal/reportschema"
)

// commitOn commits everything in repo with author and committer date day.
func commitOn(t *testing.T, repo, day, msg string) {
	t.Helper()
	cmd := exec.Command("git", "add", "-A")
	cmd.Dir = repo
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git add: %v\n%s", err, out)
	}
	cmd = exec.Command("git", "commit", "-q", "-m", msg)
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@erslint.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@erslint.invalid",
		"GIT_AUTHOR_DATE="+day+"T12:00:00Z", "GIT_COMMITTER_DATE="+day+"T12:00:00Z")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git commit: %v\n%s", err, out)
	}
}

// historyRepo is a repository whose manifests change over five months:
// organisations added, broken, fixed, renamed (the file), removed, and a
// DSPT published in the future (blocked until that day) in files that do not
// change, so that time alone changes verdicts too. A YAML file with no
// manifest sits beside them.
func historyRepo(t *testing.T) string {
	t.Helper()
	repo := gitRepo(t)
	m := func(name string) string { return filepath.Join(repo, "manifests", name) }
	copyFile(t, "../../examples/gp-practice.yaml", m("gp.yaml"))
	copyFile(t, "../../examples/nhs-trust.yaml", m("trust.yaml"))
	copyFile(t, "../../examples/gaps/community-clinic.yaml", m("clinic.yaml"))
	if err := os.WriteFile(m("notes.yml"), []byte("owners: [a, b]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	commitOn(t, repo, "2026-04-10", "added")
	editFile(t, m("gp.yaml"), "url: internet-facing", "url: other")
	commitOn(t, repo, "2026-05-01", "broken")
	editFile(t, m("gp.yaml"), "url: other", "url: internet-facing")
	copyFile(t, "../../examples/independent-sector-provider.yaml", m("isp.yaml"))
	commitOn(t, repo, "2026-05-20", "fixed, added")
	if err := os.MkdirAll(m("trusts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(m("trust.yaml"), m("trusts/renamed.yaml")); err != nil {
		t.Fatal(err)
	}
	commitOn(t, repo, "2026-06-10", "renamed")
	if err := os.Remove(m("clinic.yaml")); err != nil {
		t.Fatal(err)
	}
	commitOn(t, repo, "2026-07-01", "removed")
	// The provider's DSPT lapses on 2026-08-02: at risk before, blocked after.
	editFile(t, m("isp.yaml"), `publishedOn: "2026-06-20"`, `publishedOn: "2025-08-01"`)
	commitOn(t, repo, "2026-07-20", "lapsing")
	return repo
}

type historyJSON struct {
	Points []struct {
		Date          string         `json:"date"`
		Commit        string         `json:"commit"`
		Organisations int            `json:"organisations"`
		Verdicts      map[string]int `json:"verdicts"`
		Stages        map[string]int `json:"stages"`
	} `json:"points"`
	Organisations []struct {
		Name     string   `json:"name"`
		Verdicts []string `json:"verdicts"`
	} `json:"organisations"`
}

// TestHistoryIsLintOfEachDay: each day of a history has the verdicts of a
// plain lint --as-of that day of the files of the commit it names, per
// organisation and in total; a day before the first commit counts none; the
// work tree is not touched.
func TestHistoryIsLintOfEachDay(t *testing.T) {
	repo := historyRepo(t)
	// Monthly, to keep the test short: one plain lint per day is compared.
	r := runIn(t, repo, "", "history", "--since", "2026-03-25", "--every", "month", "--as-of", "2026-08-28", "manifests")
	if r.code != 0 {
		t.Fatalf("history: exit %d\n%s", r.code, r.stderr)
	}
	if err := reportschema.History([]byte(r.stdout)); err != nil {
		t.Errorf("does not match schema/history.schema.json: %v", err)
	}
	var h historyJSON
	if err := json.Unmarshal([]byte(r.stdout), &h); err != nil {
		t.Fatalf("history JSON: %v\n%s", err, r.stdout)
	}
	if len(h.Points) != 6 || h.Points[0].Date != "2026-03-25" || h.Points[5].Date != "2026-08-25" {
		t.Fatalf("want 6 monthly points from 2026-03-25 to 2026-08-25, got %d", len(h.Points))
	}
	if status := git(t, repo, "status", "--porcelain"); status != "" {
		t.Fatalf("history changed the work tree:\n%s", status)
	}
	seen := map[string]bool{}
	for i, p := range h.Points {
		if p.Commit == "" {
			if p.Organisations != 0 || p.Date >= "2026-04-10" {
				t.Errorf("%s: no commit, %d organisations", p.Date, p.Organisations)
			}
			continue
		}
		// The commit's files, as a plain lint would read them.
		dir := t.TempDir()
		archive := exec.Command("sh", "-c", `git archive "$1" | tar -x -C "$2"`, "sh", p.Commit, dir)
		archive.Dir = repo
		if out, err := archive.CombinedOutput(); err != nil {
			t.Fatalf("git archive: %v\n%s", err, out)
		}
		l := runIn(t, dir, "", "lint", "--as-of", p.Date, "--format", "json", "manifests")
		if l.code > 1 {
			t.Fatalf("lint: exit %d\n%s", l.code, l.stderr)
		}
		var rep struct {
			Verdicts      map[string]int `json:"verdicts"`
			Organisations []struct {
				Name    string `json:"name"`
				Stage   string `json:"stage"`
				Verdict string `json:"verdict"`
			} `json:"organisations"`
		}
		if err := json.Unmarshal([]byte(l.stdout), &rep); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"ready", "atRisk", "blocked"} {
			if rep.Verdicts[k] != p.Verdicts[k] {
				t.Errorf("%s: %d %s in history, %d in lint --as-of", p.Date, p.Verdicts[k], k, rep.Verdicts[k])
			}
		}
		stages := map[string]int{}
		want := map[string]string{}
		for _, o := range rep.Organisations {
			stages[o.Stage]++
			want[o.Name] = o.Verdict
		}
		if p.Organisations != len(rep.Organisations) {
			t.Errorf("%s: %d organisations in history, %d in lint", p.Date, p.Organisations, len(rep.Organisations))
		}
		for _, s := range []string{"planning", "pre-go-live", "live"} {
			if stages[s] != p.Stages[s] {
				t.Errorf("%s: %d at %s in history, %d in lint", p.Date, p.Stages[s], s, stages[s])
			}
		}
		for _, o := range h.Organisations {
			if o.Verdicts[i] != want[o.Name] {
				t.Errorf("%s: %s is %q in history, %q in lint", p.Date, o.Name, o.Verdicts[i], want[o.Name])
			}
			seen[o.Verdicts[i]] = true
		}
	}
	// The repository was built for these to happen; were they not, the
	// comparison above would prove little.
	for _, v := range []string{"", "ready", "at-risk", "blocked"} {
		if !seen[v] {
			t.Errorf("no organisation is ever %q: the test repository no longer exercises it", v)
		}
	}
	if got := strings.Count(r.stdout, `"name": "example-`); got != 4 {
		t.Errorf("want 4 organisations over the history (a renamed file is the same one), got %d", got)
	}
}

// TestHistoryErrors: what history refuses, with exit status 2.
func TestHistoryErrors(t *testing.T) {
	repo := historyRepo(t)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no since", []string{"history", "manifests"}, "--since"},
		{"since after as-of", []string{"history", "--since", "2026-09-01", "--as-of", "2026-08-01", "manifests"}, "after the assessment date"},
		{"bad period", []string{"history", "--since", "2026-01-01", "--as-of", "2026-08-01", "--every", "fortnight", "manifests"}, "--every"},
		{"too many points", []string{"history", "--since", "2000-01-01", "--as-of", "2026-08-01", "--every", "day", "manifests"}, "over 520 points"},
		{"standard input", []string{"history", "--since", "2026-01-01", "--as-of", "2026-08-01", "-"}, "standard input"},
		{"bad rev", []string{"history", "--since", "2026-01-01", "--as-of", "2026-08-01", "--rev", "nope", "manifests"}, "nope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runIn(t, repo, "", tc.args...)
			if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
				t.Fatalf("exit %d, want 2 and %q:\n%s", r.code, tc.want, r.stderr)
			}
		})
	}
}
