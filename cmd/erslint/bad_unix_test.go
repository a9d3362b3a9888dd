//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/erslint/erslint/pkg/manifest/manifesttest"
)

// A walk meets what is not a manifest file: a named pipe called *.yaml (which
// must not be opened: reading it would wait forever), symbolic link loops, and a
// file that cannot be read. Each is a finding for that path, the good manifest
// beside them is still checked, and the run ends with exit 1.
func TestWalkReportsSpecialFilesAndNeverHangs(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"good.yaml": readExample(t, "nhs-trust.yaml")})
	if err := syscall.Mkfifo(filepath.Join(dir, "x.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"self.yaml": "self.yaml",   // a link to itself
		"loop":      ".",           // back to the directory being walked
		"a":         "b", "b": "a", // two links to each other
	}
	if _, err := os.Stat("/proc/self/mem"); err == nil {
		links["unreadable.yaml"] = "/proc/self/mem" // a regular file whose first page cannot be read, even by root
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "lint", asOf, dir)
	cmd.Env = append(freshCacheEnv(t), "NO_COLOR=1", "GITHUB_STEP_SUMMARY=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatal("erslint did not finish within a minute: it blocked on something the walk met")
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || stderr.Len() != 0 {
		t.Fatalf("err %v, want exit 1\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	got := map[string]string{}
	for _, f := range parseReport(t, stdout.String()) {
		name := strings.TrimPrefix(f.file, filepath.ToSlash(dir)+"/")
		if f.rule != "ERS-SCHEMA-001" || f.line != 1 || f.col != 1 {
			t.Errorf("%s: %s at %d:%d, want ERS-SCHEMA-001 at 1:1", name, f.rule, f.line, f.col)
		}
		got[name] = f.message
	}
	tests := []struct{ name, message string }{
		{"x.yaml", "this is a named pipe (FIFO), not a regular file: not opened, as reading it could block the run; replace it with the manifest file"},
		{"self.yaml", "symbolic link loop: following it never reaches a file or directory; fix or remove the link"},
		{"loop", "symbolic link loop: it points back to a directory being walked; not followed"},
		{"a", "symbolic link loop: following it never reaches a file or directory; fix or remove the link"},
		{"b", "symbolic link loop: following it never reaches a file or directory; fix or remove the link"},
	}
	if _, ok := links["unreadable.yaml"]; ok {
		// Outside the walked directory: not followed (TestNamedUnreadableFile reads it).
		tests = append(tests, struct{ name, message string }{"unreadable.yaml", "symbolic link to a path outside the directory being linted: not followed, so nothing outside it is read; lint its target by naming it on the command line"})
	}
	for _, tt := range tests {
		if got[tt.name] != tt.message {
			t.Errorf("%s: %q, want %q", tt.name, got[tt.name], tt.message)
		}
		delete(got, tt.name)
	}
	if len(got) != 0 {
		t.Errorf("other findings (the good manifest has none): %v", got)
	}
}

// A named pipe named on the command line cannot be read as a file: exit 2, at once.
func TestNamedPipeOnTheCommandLine(t *testing.T) {
	pipe := filepath.Join(t.TempDir(), "x.yaml")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Fatal(err)
	}
	r := erslint(t, "", "lint", asOf, pipe)
	if r.code != 2 || !strings.Contains(r.stderr, "named pipe (FIFO), not a regular file or directory") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// --output naming what is not a regular file (a named pipe here, /dev/null or
// /dev/stdout for users) is written in place: the atomic write, a temporary
// file renamed over the path, would replace it with a plain file.
func TestOutputToNamedPipeKeepsThePipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "report.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	got := make(chan []byte, 1)
	go func() {
		data, _ := os.ReadFile(fifo) // returns when erslint closes the pipe
		got <- data
	}()
	r := erslint(t, "", "lint", asOf, "--format=json", "--output", fifo, "examples/gp-practice.yaml")
	if r.code != 0 || r.stdout != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	select {
	case data := <-got:
		if !bytes.Contains(data, []byte(`"schemaVersion": 1`)) {
			t.Errorf("the pipe's reader got %q, want the JSON report", data)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("nothing was written to the pipe")
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("%s is no longer a named pipe: %v %v", fifo, fi.Mode(), err)
	}
}

// --output naming a symbolic link (/dev/stdout is one) writes where the link
// leads, replacing what was there, and leaves the link a link.
func TestOutputThroughSymlinkKeepsTheLink(t *testing.T) {
	dir := t.TempDir()
	target, link := filepath.Join(dir, "report.json"), filepath.Join(dir, "latest.json")
	if err := os.WriteFile(target, bytes.Repeat([]byte("old report "), 10_000), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	r := erslint(t, "", "lint", asOf, "--format=json", "--output", link, "examples/gp-practice.yaml")
	if r.code != 0 || r.stdout != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	want := erslint(t, "", "lint", asOf, "--format=json", "examples/gp-practice.yaml").stdout
	got, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("the link's target holds %d bytes, want the %d-byte report alone", len(got), len(want))
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("%s is no longer a symbolic link: %v %v", link, fi.Mode(), err)
	}
}

// runWithin runs erslint in dir, failing the test if it does not end within a
// minute: nothing erslint reads may block it.
func runWithin(t *testing.T, dir string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir = dir
	cmd.Env = append(freshCacheEnv(t), "NO_COLOR=1", "GITHUB_STEP_SUMMARY=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("erslint %v did not finish within a minute: it blocked on a file it read", args)
	}
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{stdout.String(), stderr.String(), code}
}

// The configuration file and custom policies are read like manifests: within
// --max-file-size, and never from a named pipe or a device. Before, a
// .erslint.yaml linked to /dev/zero took 10 GB, and a named pipe hung lint and
// test for ever.
func TestConfigurationAndPoliciesAreReadWithinBounds(t *testing.T) {
	good := readExample(t, "nhs-trust.yaml")
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		args  []string
		want  string
	}{
		{"configuration linked to /dev/zero", func(t *testing.T, dir string) {
			symlink(t, "/dev/zero", filepath.Join(dir, ".erslint.yaml"))
		}, []string{"lint", asOf, "good.yaml"}, "read configuration " + "DIR/.erslint.yaml: this is a character device, not a regular file"},
		{"configuration is a named pipe", func(t *testing.T, dir string) {
			mkfifo(t, filepath.Join(dir, ".erslint.yaml"))
		}, []string{"lint", asOf, "good.yaml"}, "DIR/.erslint.yaml: this is a named pipe (FIFO), not a regular file"},
		{"configuration over --max-file-size", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"big.yaml": "failLevel: error\n" + strings.Repeat("# padding\n", 200)})
		}, []string{"lint", asOf, "--config=big.yaml", "--max-file-size=1KiB", "good.yaml"}, "read configuration big.yaml: file is 2017 bytes, over the limit of 1024 bytes"},
		{"policy is a named pipe (lint)", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"policies/ok.rego": "package custom.x\n"})
			mkfifo(t, filepath.Join(dir, "policies", "rule.rego"))
		}, []string{"lint", asOf, "--policy=policies", "good.yaml"}, "read policies/rule.rego: this is a named pipe (FIFO), not a regular file"},
		{"policy linked to /dev/zero (test)", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"policies/ok_test.rego": "package custom.x\n"})
			symlink(t, "/dev/zero", filepath.Join(dir, "policies", "zero.rego"))
		}, []string{"test", "policies"}, "read policies/zero.rego: this is a character device, not a regular file"},
		{"policy is a named pipe (test)", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"policies/ok_test.rego": "package custom.x\n"})
			mkfifo(t, filepath.Join(dir, "policies", "rule.rego"))
		}, []string{"test", "policies"}, "read policies/rule.rego: this is a named pipe (FIFO), not a regular file"},
		{"policy over --max-file-size", func(t *testing.T, dir string) {
			writeFiles(t, dir, map[string]string{"policies/big.rego": "package custom.x\n" + strings.Repeat("# padding\n", 200)})
		}, []string{"lint", asOf, "--policy=policies", "--max-file-size=1KiB", "good.yaml"}, "read policies/big.rego: file is 2017 bytes, over the limit of 1024 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"good.yaml": good})
			tt.setup(t, dir)
			r := runWithin(t, dir, tt.args...)
			want := strings.ReplaceAll(tt.want, "DIR", dir)
			if r.code != 2 || !strings.Contains(r.stderr, want) || r.stdout != "" {
				t.Errorf("exit %d, stdout %q\nstderr %q\nwant exit 2 and %q", r.code, r.stdout, r.stderr, want)
			}
		})
	}
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
}

func mkfifo(t *testing.T, name string) {
	t.Helper()
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Fatal(err)
	}
}

// A regular file that cannot be read, named on the command line: a finding
// for it, the good manifest still checked.
func TestNamedUnreadableFile(t *testing.T) {
	if _, err := os.Stat("/proc/self/mem"); err != nil {
		t.Skip("no /proc/self/mem here")
	}
	r := runWithin(t, "../..", "lint", asOf, "/proc/self/mem", "examples/nhs-trust.yaml")
	want := "/proc/self/mem:1:1: error ERS-SCHEMA-001 cannot be read: input/output error\n"
	if r.code != 1 || !strings.HasPrefix(r.stdout, want) || strings.Count(r.stdout, "\n") != 3 {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s\nwant it to start with %q", r.code, r.stdout, r.stderr, want)
	}
}

// A repository under review holds creds.yaml -> ~/.git-credentials: the walk
// must not read it, in any format (before, the token's start was quoted in
// every report, annotations of pull requests included). The good manifest
// beside it is still checked in full.
func TestWalkDoesNotReadThroughLinksOutside(t *testing.T) {
	home, repo := t.TempDir(), t.TempDir()
	const secret = "https://user:ghp_SECRETTOKEN0123456789@github.com"
	writeFiles(t, home, map[string]string{".git-credentials": secret + "\n", "dir/m.yaml": "secret: " + secret + "\n"})
	gap := strings.Replace(readExample(t, "nhs-trust.yaml"), "    dcb0160: compliant\n", "", 1)
	writeFiles(t, repo, map[string]string{"good.yaml": gap})
	symlink(t, filepath.Join(home, ".git-credentials"), filepath.Join(repo, "creds.yaml"))
	symlink(t, filepath.Join(home, "dir"), filepath.Join(repo, "more"))
	symlink(t, "/etc/passwd", filepath.Join(repo, "passwd.yml"))
	formats := []string{"text", "json", "sarif", "github", "markdown", "junit"}
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			r := runWithin(t, repo, "lint", asOf, "--format="+format, ".")
			if r.code != 1 || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			for _, leak := range []string{"SECRET", "ghp_", "root:"} {
				if strings.Contains(r.stdout, leak) {
					t.Errorf("the report quotes a file outside the walk (%q):\n%s", leak, r.stdout)
				}
			}
			for _, name := range []string{"creds.yaml", "more", "passwd.yml", "ERS-GOV-005"} {
				if !strings.Contains(r.stdout, name) {
					t.Errorf("the report does not mention %s", name)
				}
			}
		})
	}
	// Named on the command line (as pre-commit names every changed file), the
	// same links are handled as the walk handles them: a finding each, not
	// read, with --force-exclude too; the target itself can be named.
	for _, args := range [][]string{{"creds.yaml", "more", "passwd.yml", "good.yaml"}, {"--force-exclude", "creds.yaml", "more", "passwd.yml", "good.yaml"}} {
		r := runWithin(t, repo, append([]string{"lint", asOf}, args...)...)
		if r.code != 1 || strings.Count(r.stdout, "symbolic link to a path outside the working directory: not followed") != 3 || !strings.Contains(r.stdout, "ERS-GOV-005") {
			t.Errorf("named links %q: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
		for _, leak := range []string{"SECRET", "ghp_", "root:"} {
			if strings.Contains(r.stdout, leak) {
				t.Errorf("the report quotes a file outside the tree (%q):\n%s", leak, r.stdout)
			}
		}
	}
	if r := runWithin(t, repo, "lint", asOf, filepath.Join(home, "dir", "m.yaml")); r.code != 1 || !strings.Contains(r.stdout, "ERS-SCHEMA-001") || strings.Contains(r.stdout, "symbolic link") {
		t.Errorf("the target named: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// A manifest's values, a custom policy's message and a file's name reach the
// reports: in the text report, no raw ESC, CR or LF may erase a line and print
// a fake one; in Markdown, no link, image, HTML or mention may be live. The
// good manifest beside them is still checked.
func TestReportsNeutraliseHostileText(t *testing.T) {
	dir := t.TempDir()
	good := readExample(t, "nhs-trust.yaml")
	// A double-quoted YAML value may hold any character as an escape.
	evil := strings.Replace(good, "name: example-hospitals-trust", "name: evil-trust", 1)
	evil = regexp.MustCompile(`owner: .*`).ReplaceAllString(evil,
		`owner: "x\e[1A\e[2K\revil.yaml:1:1: info ERS-X-001 all clear\n[click](https://evil.example) ![i](https://evil.example/i.png) <img src=x onerror=alert(1)> @octocat"`)
	evil = strings.Replace(evil, "odsCode: RXX", "odsCode: RXY", 1)
	writeFiles(t, dir, map[string]string{"good.yaml": good, "evil\x1b[2K\r.yaml": evil})
	policy, err := filepath.Abs("../../testdata/hostile/echo")
	if err != nil {
		t.Fatal(err)
	}
	text := runWithin(t, dir, "lint", asOf, "--fail-level=warning", "--policy="+policy, ".")
	if text.code != 1 || text.stderr != "" {
		t.Fatalf("exit %d, stderr %q", text.code, text.stderr)
	}
	if strings.ContainsAny(text.stdout, "\x1b\r") {
		t.Errorf("raw ESC or CR in the text report:\n%q", text.stdout)
	}
	line := regexp.MustCompile(`^(.+?):([1-9][0-9]*):([1-9][0-9]*): (error|warning|info) ([A-Z]+-[A-Z]+-[0-9]{3}) (.+)$`)
	lines := strings.Split(strings.TrimSuffix(text.stdout, "\n"), "\n")
	var echoed bool
	for _, l := range lines[:len(lines)-1] {
		if strings.HasPrefix(l, "Reference data: ") {
			continue // the line naming the reference data, before the summary
		}
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("not a finding line: a line break came through: %q", l)
			continue
		}
		if m[1] == "good.yaml" {
			t.Errorf("the good manifest: %s", l)
		}
		echoed = echoed || (m[5] == "ORG-ECHO-001" && m[1] == `evil\x1b[2K\r.yaml` &&
			strings.HasPrefix(m[6], `owner is x\x1b[1A\x1b[2K\revil.yaml:1:1: info ERS-X-001 all clear\n[click]`))
	}
	if !echoed {
		t.Errorf("no ORG-ECHO-001 finding showing the value with its escapes:\n%s", text.stdout)
	}
	md := runWithin(t, dir, "lint", asOf, "--policy="+policy, "--format=markdown", ".")
	for _, live := range []string{"](https://evil", "<img", "@octocat", "\x1b"} {
		if strings.Contains(md.stdout, live) {
			t.Errorf("%q is live in the Markdown report:\n%s", live, md.stdout)
		}
	}
}

// A directory the walk cannot search is a finding (exit 1), never a silent
// gap with exit 0; the good manifest beside it is still checked. This runs as
// any user: the path is too long for anyone.
func TestWalkErrorIsAFinding(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"good.yaml": readExample(t, "nhs-trust.yaml")})
	manifesttest.DeepTree(t, dir)
	r := runWithin(t, dir, "lint", asOf, ".")
	fs := parseReport(t, r.stdout)
	if r.code != 1 || len(fs) != 1 || !strings.HasSuffix(fs[0].message, "directory cannot be read (file name too long), so the manifests it may hold are not checked; fix its permissions, or lint without it") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// The same as a user who is not root, for a directory without search
// permission: run through setpriv when the tests run as root.
func TestWalkErrorIsAFindingForAUser(t *testing.T) {
	var prefix []string
	if os.Geteuid() == 0 {
		setpriv, err := exec.LookPath("setpriv")
		if err != nil {
			t.Skip("running as root without setpriv: root can search any directory")
		}
		prefix = []string{setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"}
	}
	dir, err := os.MkdirTemp("", "erslint-walk")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "erslint")
	data, err := os.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"m/good.yaml": readExample(t, "nhs-trust.yaml"), "m/locked/sub/x.yaml": "a: 1\n"})
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	// Readable (its names are listed) but not searchable: sub cannot be examined.
	for p, mode := range map[string]os.FileMode{dir: 0o755, filepath.Join(dir, "m"): 0o755, filepath.Join(dir, "m", "locked"): 0o644} {
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
	}
	defer os.Chmod(filepath.Join(dir, "m", "locked"), 0o755)
	args := append(prefix, bin, "lint", asOf, "m")
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(freshCacheEnv(t), "NO_COLOR=1", "GITHUB_STEP_SUMMARY=")
	out, err := cmd.Output()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("err %v, want exit 1\n%s", err, out)
	}
	fs := parseReport(t, string(out))
	if len(fs) != 1 || fs[0].file != "m/locked/sub" || !strings.Contains(fs[0].message, "permission denied") {
		t.Errorf("want one finding: m/locked/sub cannot be read (permission denied)\n%s", out)
	}
}

// A repository under review can put a symbolic link where the report will be
// written (report.txt -> ~/.bashrc): the report, which quotes its manifests,
// overwrote the file it leads to. A link inside a directory being linted is
// refused, before anything is written; one elsewhere is still followed
// (TestOutputThroughSymlinkKeepsTheLink).
func TestOutputLinkInsideTheLintedDirectoryIsRefused(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"repo/m.yaml": readExample(t, "gp-practice.yaml"), "home/.bashrc": "precious\n"})
	if err := os.Symlink("../home/.bashrc", filepath.Join(dir, "repo", "report.txt")); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--output", "report.txt", "."}, {"--output", "./report.txt", "../repo"}} {
		r := runIn(t, filepath.Join(dir, "repo"), "", append([]string{"lint", asOf}, args...)...)
		want := "is a symbolic link inside"
		if r.code != 2 || !strings.Contains(r.stderr, want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", args, r.code, r.stderr, want)
		}
		if data, err := os.ReadFile(filepath.Join(dir, "home", ".bashrc")); err != nil || string(data) != "precious\n" {
			t.Errorf("%v: the link's target was written (%v): %q", args, err, data)
		}
	}
}
