package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// cacheRepo is a directory of manifests: the examples, copied n times over
// with their own names (so the cross-manifest rules have work too).
func cacheRepo(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"gp-practice.yaml", "nhs-trust.yaml", "independent-sector-provider.yaml", "gaps/community-clinic.yaml"} {
		src, err := os.ReadFile(filepath.Join("..", "..", "examples", name))
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			sub := filepath.Join(dir, fmt.Sprintf("d%d", i))
			os.MkdirAll(sub, 0o755)
			if err := os.WriteFile(filepath.Join(sub, filepath.Base(name)), src, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

// runCached runs the binary in dir with the cache in cacheDir.
func runCached(t *testing.T, dir, cacheDir string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "GITHUB_STEP_SUMMARY=", "GITHUB_ACTIONS=", "ERSLINT_CACHE_DIR="+cacheDir)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

var lintArgs = []string{"lint", "--as-of", "2026-11-24", "--format", "text", "--format", "sarif=-.sarif", "."}

// The cache is on by default; a warm run says on standard error how many
// files came from it, and every report is the same bytes as without it.
func TestCacheEndToEnd(t *testing.T) {
	repo := cacheRepo(t, 3)
	cacheDir := filepath.Join(t.TempDir(), "cache")
	sarif := func() string {
		b, err := os.ReadFile(filepath.Join(repo, "-.sarif"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	off := runCached(t, repo, cacheDir, append([]string{"lint", "--no-cache"}, lintArgs[1:]...)...)
	offSARIF := sarif()
	if _, err := os.Stat(cacheDir); err == nil {
		t.Fatal("--no-cache created the cache")
	}
	cold := runCached(t, repo, cacheDir, lintArgs...)
	if cold.stdout != off.stdout || cold.code != off.code || sarif() != offSARIF {
		t.Fatalf("a cold run's reports differ from --no-cache:\n%s\n---\n%s", cold.stdout, off.stdout)
	}
	if strings.Contains(cold.stderr, "from the cache") {
		t.Fatalf("a cold run says %q", cold.stderr)
	}
	warm := runCached(t, repo, cacheDir, lintArgs...)
	if warm.stdout != off.stdout || warm.code != off.code || sarif() != offSARIF {
		t.Fatalf("a warm run's reports differ from --no-cache:\n%s\n---\n%s", warm.stdout, off.stdout)
	}
	if !strings.Contains(warm.stderr, "erslint: cache: 12 of 12 files from the cache") {
		t.Fatalf("a warm run says %q", warm.stderr)
	}
	if q := runCached(t, repo, cacheDir, append([]string{"lint", "--quiet"}, lintArgs[1:]...)...); q.stderr != "" {
		t.Fatalf("--quiet: stderr %q", q.stderr)
	}
	// A changed file is linted again; the rest come from the cache.
	p := filepath.Join(repo, "d0", "nhs-trust.yaml")
	src, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(src, []byte("  url: "), []byte("  url: other #"), 1), 0o644)
	changed := runCached(t, repo, cacheDir, lintArgs...)
	changedOff := runCached(t, repo, cacheDir, append([]string{"lint", "--no-cache"}, lintArgs[1:]...)...)
	if changed.stdout != changedOff.stdout || !strings.Contains(changed.stderr, "11 of 12 files from the cache") {
		t.Fatalf("after an edit: %q\n%s\n---\n%s", changed.stderr, changed.stdout, changedOff.stdout)
	}

	info := runCached(t, repo, cacheDir, "cache", "info")
	if info.code != 0 || !strings.Contains(info.stdout, cacheDir) || strings.Contains(info.stdout, ": 0 entries") {
		t.Fatalf("cache info: %+v", info)
	}
	if clean := runCached(t, repo, cacheDir, "cache", "clean"); clean.code != 0 {
		t.Fatalf("cache clean: %+v", clean)
	}
	if info := runCached(t, repo, cacheDir, "cache", "info"); !strings.Contains(info.stdout, ": 0 entries") {
		t.Fatalf("cache info after clean: %+v", info)
	}
}

// Corrupt entries are ignored (and said), never trusted; an unsafe cache
// directory is not used (and said); the reports stay the same.
func TestCacheAttacks(t *testing.T) {
	repo := cacheRepo(t, 2)
	want := runCached(t, repo, filepath.Join(t.TempDir(), "x"), append([]string{"lint", "--no-cache"}, lintArgs[1:]...)...)
	check := func(name string, r result, stderr string) {
		t.Helper()
		if r.stdout != want.stdout || r.code != want.code {
			t.Errorf("%s: the report changed:\n%s\n---\n%s", name, r.stdout, want.stdout)
		}
		if !strings.Contains(r.stderr, stderr) {
			t.Errorf("%s: stderr %q, want it to say %q", name, r.stderr, stderr)
		}
	}

	cacheDir := filepath.Join(t.TempDir(), "cache")
	runCached(t, repo, cacheDir, lintArgs...)
	// Every entry gets the findings of another (swapped), or a flipped byte.
	var entries []string
	filepath.Walk(filepath.Join(cacheDir, "v1"), func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() && !strings.HasPrefix(info.Name(), ".") {
			entries = append(entries, p)
		}
		return nil
	})
	if len(entries) < 2 {
		t.Fatalf("%d entries", len(entries))
	}
	first, _ := os.ReadFile(entries[0])
	for i, p := range entries {
		b, _ := os.ReadFile(p)
		switch i % 3 {
		case 0:
			b[len(b)/2] ^= 0x20
		case 1:
			b = first
		case 2:
			b = b[:len(b)-7]
		}
		os.WriteFile(p, b, 0o600)
	}
	check("corrupt entries", runCached(t, repo, cacheDir, lintArgs...), "were corrupt or not erslint's: ignored")
	check("rewritten", runCached(t, repo, cacheDir, lintArgs...), "8 of 8 files from the cache")

	link := filepath.Join(t.TempDir(), "link")
	os.Symlink(cacheDir, link)
	check("a linked directory", runCached(t, repo, link, lintArgs...), "is not used: it is a symbolic link")
	shared := filepath.Join(t.TempDir(), "shared")
	os.Mkdir(shared, 0o777)
	os.Chmod(shared, 0o777)
	check("a world-writable directory", runCached(t, repo, shared, lintArgs...), "is not used: it is writable by group or others")
	if names, _ := os.ReadDir(shared); len(names) != 0 {
		t.Errorf("the world-writable directory got %d files", len(names))
	}
	check("inside the linted tree", runCached(t, repo, filepath.Join(repo, "cache"), lintArgs...), "is inside")
}

// Two runs at once on one cache: both report what a run without it does.
func TestCacheConcurrentRuns(t *testing.T) {
	repo := cacheRepo(t, 5)
	want := runCached(t, repo, t.TempDir(), []string{"lint", "--no-cache", "--format", "json", "--days", "0", "--as-of", "2026-11-24", "."}...)
	cacheDir := filepath.Join(t.TempDir(), "cache")
	for round := range 2 {
		var wg sync.WaitGroup
		got := make([]result, 3)
		for i := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got[i] = runCached(t, repo, cacheDir, "lint", "--format", "json", "--days", "0", "--as-of", "2026-11-24", ".")
			}()
		}
		wg.Wait()
		for i, r := range got {
			if r.stdout != want.stdout || r.code != want.code || strings.Contains(r.stderr, "corrupt") {
				t.Fatalf("round %d run %d: %q\n%s", round, i, r.stderr, r.stdout)
			}
		}
	}
}

// A full disk (a tiny tmpfs, where the tests may mount one): the entries are
// not written, the run says so, and the report is complete.
func TestCacheFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tiny tmpfs needs root; pkg/cache's TestFullDisk fails writes in process")
	}
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=24k,mode=0700", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", mnt).Run() })
	repo := cacheRepo(t, 10)
	want := runCached(t, repo, t.TempDir(), append([]string{"lint", "--no-cache"}, lintArgs[1:]...)...)
	for run := range 2 {
		got := runCached(t, repo, mnt, lintArgs...)
		if got.stdout != want.stdout || got.code != want.code {
			t.Fatalf("run %d on a full disk: the report changed:\n%s", run, got.stdout)
		}
		if !strings.Contains(got.stderr, "no space left on device") {
			t.Fatalf("run %d: stderr %q, want it to say the disk is full", run, got.stderr)
		}
	}
}

// The look-ahead is cached too: lint's JSON, HTML and Markdown reports with
// their --days, and forecast in each of its formats, give the same bytes cold,
// warm and with --no-cache, a warm run says what came from the cache, and a
// changed file or horizon is worked out again.
func TestCacheLookAheadEndToEnd(t *testing.T) {
	repo := cacheRepo(t, 3)
	cacheDir := filepath.Join(t.TempDir(), "cache")
	runs := [][]string{
		{"lint", "--as-of", "2026-11-24", "--format", "json", "--format", "html=-.html", "--format", "markdown=-.md", "."},
		{"lint", "--as-of", "2026-11-24", "--format", "json", "--days", "200", "."},
	}
	for i, format := range []string{"text", "json", "markdown"} {
		// Each its own horizon: the formats of one horizon share its entries.
		runs = append(runs, []string{"forecast", "--as-of", "2026-11-24", "--days", fmt.Sprint(120 + i), "--format", format, "."})
	}
	files := func() string {
		var b strings.Builder
		for _, name := range []string{"-.html", "-.md"} {
			src, _ := os.ReadFile(filepath.Join(repo, name))
			b.Write(src)
		}
		return b.String()
	}
	for _, args := range runs {
		off := runCached(t, repo, cacheDir, append([]string{args[0], "--no-cache"}, args[1:]...)...)
		offFiles := files()
		for i, want := range []string{"", "erslint: cache: 12 of 12 files from the cache"} {
			got := runCached(t, repo, cacheDir, args...)
			if got.stdout != off.stdout || got.code != off.code || files() != offFiles {
				t.Fatalf("%v, run %d: the reports differ from --no-cache:\n%s\n---\n%s", args, i, got.stdout, off.stdout)
			}
			if want != "" && !strings.Contains(got.stderr, want) || want == "" && strings.Contains(got.stderr, "from the cache") {
				t.Fatalf("%v, run %d says %q", args, i, got.stderr)
			}
		}
	}
	// A file changed: linted again, its look-ahead too.
	p := filepath.Join(repo, "d1", "gaps", "community-clinic.yaml")
	if _, err := os.Stat(p); err != nil {
		p = filepath.Join(repo, "d1", "community-clinic.yaml")
	}
	src, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, bytes.Replace(src, []byte(`end: "2027-01-31"`), []byte(`end: "2027-02-15"`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range runs {
		got := runCached(t, repo, cacheDir, args...)
		off := runCached(t, repo, cacheDir, append([]string{args[0], "--no-cache"}, args[1:]...)...)
		if got.stdout != off.stdout || !strings.Contains(got.stderr, "11 of 12 files from the cache") {
			t.Fatalf("%v after an edit: %q\n%s\n---\n%s", args, got.stderr, got.stdout, off.stdout)
		}
	}
}
