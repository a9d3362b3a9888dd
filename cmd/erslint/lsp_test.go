package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

const lspAsOf = "2026-11-24"

// lintFinding is a finding of `erslint lint --format json`.
type lintFinding struct {
	RuleID     string `json:"ruleId"`
	Severity   string `json:"severity"`
	Line       int    `json:"line"`
	Column     int    `json:"column"`
	Path       string `json:"path"`
	Suppressed bool   `json:"suppressed"`
	Message    string `json:"message"`
}

// lintJSON lints text as the file name in dir (written there), with the
// extra lint arguments, and returns its unwaived findings.
func lintJSON(t *testing.T, dir, name, text string, args ...string) []lintFinding {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	res := runIn(t, dir, "", append([]string{"lint", "--format", "json", "--as-of", lspAsOf, "--fail-level", "none"}, append(args, name)...)...)
	if res.code != 0 {
		t.Fatalf("lint %s: exit %d: %s", name, res.code, res.stderr)
	}
	var rep struct {
		Findings []lintFinding `json:"findings"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil {
		t.Fatalf("lint %s: %v", name, err)
	}
	var out []lintFinding
	for _, f := range rep.Findings {
		if !f.Suppressed {
			out = append(out, f)
		}
	}
	return out
}

var lspLineBreak = regexp.MustCompile(`\r\n|\r|\n`)

// lspPosition is where an editor puts a finding's 1-based line and column
// (in characters): computed here from the text, apart from the server's code.
func lspPosition(text string, line, col int, enc string) ersPos {
	lines := lspLineBreak.Split(text, -1)
	l := []rune(lines[line-1])
	prefix := l[:min(col-1, len(l))]
	n := 0
	for _, r := range prefix {
		switch {
		case enc == "utf-8":
			n += utf8.RuneLen(r)
		case r >= 0x10000:
			n += 2
		default:
			n++
		}
	}
	return ersPos{Line: line - 1, Character: n}
}

var lspSeverities = map[string]int{"error": 1, "warning": 2, "info": 3}

// sameFindings compares the server's diagnostics with lint's findings: rule
// IDs, severities and positions, as multisets.
func sameFindings(t *testing.T, label, text string, got []ersDiagnostic, want []lintFinding, enc string) {
	t.Helper()
	key := func(id string, sev int, p ersPos) string {
		return fmt.Sprintf("%d:%d %s sev%d", p.Line, p.Character, id, sev)
	}
	var g, w []string
	for _, d := range got {
		if d.Source != "erslint" {
			t.Errorf("%s: diagnostic source %q, want erslint", label, d.Source)
		}
		g = append(g, key(d.Code, d.Severity, d.Range.Start))
	}
	for _, f := range want {
		w = append(w, key(f.RuleID, lspSeverities[f.Severity], lspPosition(text, f.Line, f.Column, enc)))
	}
	slices.Sort(g)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		t.Errorf("%s: diagnostics differ from erslint lint\n got: %q\nwant: %q", label, g, w)
	}
}

func repoFile(t *testing.T, rel string) (abs, text string) {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join("..", "..", rel))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(abs)
	if err != nil {
		t.Fatal(err)
	}
	return abs, string(b)
}

// The protocol end to end, against `erslint lint --format json` on every
// file of examples/ and testdata/rules/: open, edits (incremental and full),
// a burst of edits, close, shutdown.
func TestLSPDiagnosticsMatchLint(t *testing.T) {
	var files []string
	for _, pattern := range []string{"examples/*.yaml", "examples/*/*.yaml", "testdata/rules/*.yaml"} {
		m, err := filepath.Glob(filepath.Join("..", "..", pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			rel, _ := filepath.Rel(filepath.Join("..", ".."), f)
			files = append(files, filepath.ToSlash(rel))
		}
	}
	if len(files) < 5 {
		t.Fatalf("found only %d files: %v", len(files), files)
	}
	c := startErslintLSP(t, "../..")
	res := c.initialize("", map[string]any{"asOf": lspAsOf})
	caps, _ := res["capabilities"].(map[string]any)
	if caps["positionEncoding"] != "utf-16" {
		t.Errorf("positionEncoding %v, want utf-16 when the client offers none", caps["positionEncoding"])
	}
	dir := t.TempDir()
	for _, rel := range files {
		abs, text := repoFile(t, rel)
		uri := fileURI(abs)
		c.open(uri, text)
		got := c.waitDiagnostics(uri, 1)
		want := lintJSON(t, dir, rel, text, "--context", "none")
		if len(want) == 0 && strings.HasPrefix(rel, "examples/gaps") {
			t.Fatalf("%s: lint found nothing; the comparison would be empty", rel)
		}
		sameFindings(t, rel, text, got, want, "utf-16")
		c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
		c.waitCleared(uri)
	}

	// Edits to the manifest with the most findings.
	rel := "examples/gaps/community-clinic.yaml"
	abs, text := repoFile(t, rel)
	uri := fileURI(abs)
	c.open(uri, text)
	c.waitDiagnostics(uri, 1)
	// Incremental: the DSPT's status, in place.
	at := strings.Index(text, "approaching-standards")
	if at < 0 {
		t.Fatal("the example changed: no approaching-standards")
	}
	p := lspPosition(text, strings.Count(text[:at], "\n")+1, at-strings.LastIndex(text[:at], "\n"), "utf-16")
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"range": ersRange{p, ersPos{p.Line, p.Character + len("approaching-standards")}}, "text": "standards-met"}}})
	text2 := text[:at] + "standards-met" + text[at+len("approaching-standards"):]
	sameFindings(t, "incremental edit", text2, c.waitDiagnostics(uri, 2), lintJSON(t, dir, rel, text2, "--context", "none"), "utf-16")
	// Full: the whole text replaced, half typed (not YAML yet).
	text3 := text2 + "training:\n  applicationGuidanceReviewed: [true\n"
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 3},
		"contentChanges": []any{map[string]any{"text": text3}}})
	got3 := c.waitDiagnostics(uri, 3)
	sameFindings(t, "half-typed document", text3, got3, lintJSON(t, dir, rel, text3, "--context", "none"), "utf-16")
	if len(got3) == 0 {
		t.Error("a half-typed document got no diagnostics")
	}
	// A burst of edits, typed a character at a time at the end: the last
	// version is published, with the findings of its text.
	final := text2
	line := strings.Count(text2, "\n")
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 4},
		"contentChanges": []any{map[string]any{"text": text2}}})
	typed := "# reviewed with the ICB — Ysbyty Gwynedd 😀\n"
	v, col := 4, 0
	for _, r := range typed {
		v++
		s := string(r)
		c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": v},
			"contentChanges": []any{map[string]any{"range": ersRange{ersPos{line, col}, ersPos{line, col}}, "text": s}}})
		final += s
		if r >= 0x10000 {
			col += 2
		} else {
			col++
		}
	}
	sameFindings(t, "after a burst of edits", final, c.waitDiagnostics(uri, v), lintJSON(t, dir, rel, final, "--context", "none"), "utf-16")
	pubs := c.published(uri)
	if last := pubs[len(pubs)-1]; last.Version == nil || *last.Version != v {
		t.Errorf("the last diagnostics published are of version %v, want %d", last.Version, v)
	}
	t.Logf("burst of %d edits: %d publications", v-4, len(pubs))

	// Not a manifest: an empty list.
	other := fileURI(filepath.Join(dir, "docker-compose.yml"))
	c.open(other, "services:\n  web:\n    image: nginx\n")
	if got := c.waitDiagnostics(other, 1); len(got) != 0 {
		t.Errorf("a YAML file that is not a manifest got %d diagnostics, want an empty list", len(got))
	}
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
	c.waitCleared(uri)
	c.shutdown()
}
