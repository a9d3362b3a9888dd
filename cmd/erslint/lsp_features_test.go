package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// lspOffset is the byte offset of an LSP position in text (UTF-16 or UTF-8
// columns), computed here apart from the server's code.
func lspOffset(t *testing.T, text string, p ersPos, enc string) int {
	t.Helper()
	off := 0
	for line := 0; line < p.Line; line++ {
		loc := lspLineBreak.FindStringIndex(text[off:])
		if loc == nil {
			t.Fatalf("position %+v is past the end of the text", p)
		}
		off += loc[1]
	}
	for n := 0; n < p.Character; {
		r, size := utf8.DecodeRuneInString(text[off:])
		if r == '\n' || r == '\r' || size == 0 {
			t.Fatalf("position %+v is past the end of its line", p)
		}
		switch {
		case enc == "utf-8":
			n += size
		case r >= 0x10000:
			n += 2
		default:
			n++
		}
		off += size
	}
	return off
}

type ersEdit struct {
	Range   ersRange `json:"range"`
	NewText string   `json:"newText"`
}

type ersAction struct {
	Title       string          `json:"title"`
	Kind        string          `json:"kind"`
	Diagnostics []ersDiagnostic `json:"diagnostics"`
	Edit        struct {
		Changes map[string][]ersEdit `json:"changes"`
	} `json:"edit"`
}

// applyEdits applies an action's edits to text, last first.
func applyLSPEdits(t *testing.T, text string, edits []ersEdit, enc string) string {
	t.Helper()
	slices.SortFunc(edits, func(a, b ersEdit) int {
		return lspOffset(t, text, b.Range.Start, enc) - lspOffset(t, text, a.Range.Start, enc)
	})
	for _, e := range edits {
		start, end := lspOffset(t, text, e.Range.Start, enc), lspOffset(t, text, e.Range.End, enc)
		text = text[:start] + e.NewText + text[end:]
	}
	return text
}

func diagnosticPath(d ersDiagnostic) string {
	var data struct {
		Path string `json:"path"`
	}
	json.Unmarshal(d.Data, &data)
	return data.Path
}

func hasFinding(fs []lintFinding, rule, path string) bool {
	return slices.ContainsFunc(fs, func(f lintFinding) bool { return f.RuleID == rule && f.Path == path })
}

// Every quick fix offered for every finding of the gap-filled example, applied
// and linted again: a fix removes its finding; a waiver is flagged by
// ERS-WAIVER-001 until its reason and approver are filled in, and then waives
// the finding.
func TestLSPCodeActions(t *testing.T) {
	rel := "examples/gaps/community-clinic.yaml"
	abs, text := repoFile(t, rel)
	uri := fileURI(abs)
	c := startErslintLSP(t, "../..")
	c.initialize("", map[string]any{"asOf": lspAsOf})
	c.open(uri, text)
	diags := c.waitDiagnostics(uri, 1)
	dir := t.TempDir()
	fixes, waivers := 0, 0
	for _, d := range diags {
		var actions []ersAction
		c.result("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri}, "range": d.Range,
			"context": map[string]any{"diagnostics": []any{d}}}, &actions)
		path := diagnosticPath(d)
		waived := false
		for _, a := range actions {
			// The range may hold other findings too: their actions are checked with them.
			if len(a.Diagnostics) != 1 || a.Diagnostics[0].Code != d.Code || diagnosticPath(a.Diagnostics[0]) != path || a.Diagnostics[0].Range != d.Range {
				continue
			}
			edits := a.Edit.Changes[uri]
			if len(edits) == 0 || a.Kind != "quickfix" {
				t.Errorf("%s: action %q has no edit of the document", d.Code, a.Title)
				continue
			}
			fixed := applyLSPEdits(t, text, edits, "utf-16")
			after := lintJSON(t, dir, rel, fixed, "--context", "none")
			switch {
			case strings.HasPrefix(a.Title, "Fix "):
				fixes++
				if hasFinding(after, d.Code, path) {
					t.Errorf("%s at %s: %q applied, the finding is still there:\n%s", d.Code, path, a.Title, fixed)
				}
				for _, f := range after {
					if f.RuleID == "ERS-SCHEMA-001" {
						t.Errorf("%s: %q made the manifest invalid: %s", d.Code, a.Title, f.Message)
					}
				}
			case strings.HasPrefix(a.Title, "Add a waiver "):
				if !strings.HasPrefix(d.Code, "ERS-SCHEMA-") && !strings.HasPrefix(d.Code, "ERS-WAIVER-") {
					waived = true
				}
				waivers++
				// Left for the author: WAIVER-001 says the reason and approver are missing.
				if !hasFinding(after, "ERS-WAIVER-001", "waivers[1].reason") || !hasFinding(after, "ERS-WAIVER-001", "waivers[1].approvedBy") {
					t.Errorf("%s: the new waiver's empty reason and approver are not flagged: %+v\n%s", d.Code, after, fixed)
				}
				if !strings.Contains(fixed, "- rule: "+d.Code) || !strings.Contains(fixed, `expires: "2027-02-22"`) {
					t.Errorf("%s: the waiver does not name its rule or expire 90 days after %s:\n%s", d.Code, lspAsOf, fixed)
				}
				filled := regexp.MustCompile(`reason: ""[^\n]*`).ReplaceAllString(fixed, "reason: Agreed at the programme board")
				filled = regexp.MustCompile(`approvedBy: ""[^\n]*`).ReplaceAllString(filled, "approvedBy: Programme board")
				later := lintJSON(t, dir, rel, filled, "--context", "none")
				if hasFinding(later, d.Code, path) {
					t.Errorf("%s at %s: the filled-in waiver does not waive it:\n%s", d.Code, path, filled)
				}
				for _, f := range later {
					if f.RuleID == "ERS-WAIVER-001" || f.RuleID == "ERS-WAIVER-003" || f.RuleID == "ERS-SCHEMA-001" {
						t.Errorf("%s: the filled-in waiver has %s: %s", d.Code, f.RuleID, f.Message)
					}
				}
			default:
				t.Errorf("%s: unexpected action %q", d.Code, a.Title)
			}
		}
		wantWaiver := !strings.HasPrefix(d.Code, "ERS-SCHEMA-") && !strings.HasPrefix(d.Code, "ERS-WAIVER-")
		if waived != wantWaiver {
			t.Errorf("%s: waiver action offered %v, want %v", d.Code, waived, wantWaiver)
		}
	}
	if fixes < 5 {
		t.Errorf("only %d fixes offered for %d findings", fixes, len(diags))
	}
	t.Logf("%d findings: %d fixes and %d waivers offered, each checked by linting the result", len(diags), fixes, waivers)
	c.shutdown()
}

// A manifest with no waivers gets its first, as a new list at the end.
func TestLSPWaiverWithoutWaivers(t *testing.T) {
	text := "apiVersion: ers-onboarding/v1\r\nkind: OnboardingManifest\r\nmetadata:\r\n  name: ysbyty-gwynedd\r\nstage: live\r\norganisation:\r\n  name: \"Ysbyty Gwynedd — Bangor 😀\"\r\n  type: nhs-trust\r\n  newToErs: false\r\n"
	dir := t.TempDir()
	uri := fileURI(filepath.Join(dir, "ysbyty.yaml"))
	c := startErslintLSP(t, dir)
	c.initialize("", map[string]any{"asOf": lspAsOf})
	c.open(uri, text)
	diags := c.waitDiagnostics(uri, 1)
	sameFindings(t, "CRLF manifest", text, diags, lintJSON(t, dir, "ysbyty.yaml", text, "--context", "none"), "utf-16")
	var target *ersDiagnostic
	for i := range diags {
		if diags[i].Code == "ERS-ODS-001" {
			target = &diags[i]
		}
	}
	if target == nil {
		t.Fatalf("no ERS-ODS-001 among %+v", diags)
	}
	var actions []ersAction
	c.result("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri}, "range": target.Range,
		"context": map[string]any{"diagnostics": []any{*target}}}, &actions)
	var titles []string
	for _, a := range actions {
		titles = append(titles, a.Title)
		fixed := applyLSPEdits(t, text, a.Edit.Changes[uri], "utf-16")
		if strings.Count(fixed, "\n") != strings.Count(fixed, "\r\n") {
			t.Errorf("%q: a line without CR in a CRLF file:\n%q", a.Title, fixed)
		}
		after := lintJSON(t, dir, "ysbyty.yaml", fixed, "--context", "none")
		if strings.HasPrefix(a.Title, "Fix ") && hasFinding(after, "ERS-ODS-001", diagnosticPath(*target)) {
			t.Errorf("%q did not fix ERS-ODS-001:\n%s", a.Title, fixed)
		}
		if strings.HasPrefix(a.Title, "Add a waiver") && !hasFinding(after, "ERS-WAIVER-001", "waivers[0].reason") {
			t.Errorf("%q: want the new waiver flagged until filled in, got %+v\n%s", a.Title, after, fixed)
		}
	}
	if len(actions) != 2 {
		t.Errorf("actions %q, want a fix and a waiver", titles)
	}
	c.shutdown()
}

// Hover on a key shows the schema's description; on a finding, its rule as
// explain shows it. Completion offers the waivable rule IDs in a waiver, and
// an enumeration's values with their meanings.
func TestLSPHoverAndCompletion(t *testing.T) {
	rel := "examples/gaps/community-clinic.yaml"
	abs, text := repoFile(t, rel)
	uri := fileURI(abs)
	c := startErslintLSP(t, "../..")
	c.initialize("", map[string]any{"asOf": lspAsOf})
	c.open(uri, text)
	diags := c.waitDiagnostics(uri, 1)
	lineOf := func(prefix string) int {
		for i, l := range strings.Split(text, "\n") {
			if strings.HasPrefix(l, prefix) {
				return i
			}
		}
		t.Fatalf("no line starting %q", prefix)
		return 0
	}
	hover := func(p ersPos) string {
		var h struct {
			Contents struct {
				Value string `json:"value"`
			} `json:"contents"`
		}
		c.result("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": p}, &h)
		return h.Contents.Value
	}
	if h := hover(ersPos{lineOf("stage:"), 2}); !strings.Contains(h, "How far onboarding has got") {
		t.Errorf("hover on stage: %q, want the schema's description", h)
	}
	if h := hover(ersPos{lineOf("    status:"), 6}); !strings.Contains(h, "governance.dspt.status") {
		t.Errorf("hover on governance.dspt.status: %q", h)
	}
	var gov ersDiagnostic
	for _, d := range diags {
		if d.Code == "ERS-GOV-001" {
			gov = d
		}
	}
	h := hover(gov.Range.Start)
	res := erslint(t, "", "rules", "--format", "json")
	var rules []struct{ ID, Title, Remedy string }
	json.Unmarshal([]byte(res.stdout), &rules)
	for _, r := range rules {
		if r.ID == "ERS-GOV-001" && (!strings.Contains(h, r.Title) || !strings.Contains(h, strings.TrimSpace(r.Remedy)[:40])) {
			t.Errorf("hover on the ERS-GOV-001 finding %q lacks its title %q or remedy", h, r.Title)
		}
	}

	complete := func(p ersPos) map[string]string {
		var list struct {
			Items []struct{ Label, Detail string } `json:"items"`
		}
		c.result("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": p}, &list)
		out := map[string]string{}
		for _, it := range list.Items {
			out[it.Label] = it.Detail
		}
		return out
	}
	ruleLine := lineOf("  - rule: ")
	got := complete(ersPos{ruleLine, len("  - rule: ")})
	if _, ok := got["ERS-GOV-003"]; !ok || len(got) < 25 {
		t.Errorf("completion in waivers[].rule: %d items %v, want every waivable rule", len(got), got)
	}
	for id := range got {
		if strings.HasPrefix(id, "ERS-SCHEMA-") || strings.HasPrefix(id, "ERS-WAIVER-") {
			t.Errorf("completion offers %s, which cannot be waived", id)
		}
	}
	got = complete(ersPos{lineOf("stage:"), len("stage: ")})
	if len(got) != 3 || !strings.Contains(got["pre-go-live"], "go live") {
		t.Errorf("completion of stage: %v, want its three values with their meanings", got)
	}
	got = complete(ersPos{lineOf("    - smartcard"), len("    - ")})
	if _, ok := got["cis2-security-key"]; !ok {
		t.Errorf("completion in access.authentication: %v", got)
	}
	c.shutdown()
}

// Positions in a document with CRLF line ends, tabs in strings, Welsh names,
// em dashes and a character outside the BMP, in UTF-16 and in UTF-8.
func TestLSPPositionsNonASCII(t *testing.T) {
	text := "apiVersion: ers-onboarding/v1\r\nkind: OnboardingManifest\r\nmetadata:\r\n  name: ysbyty-gwynedd\r\n  owner: \"Tîm\tdigidol — 😀 Betsi Cadwaladr\"\r\nstage: pre-go-live\r\norganisation:\r\n  name: \"Bwrdd Iechyd Prifysgol — Llanfairpwllgwyngyll 😀\"\r\n  type: nhs-trust\r\n  newToErs: true\r\naccess: {url: \"📞 other\", authentication: [\"😀\", smartcard]}\r\nregistrationAuthority:\r\n  inPlace: true\r\n  provider: \"😀—external\"\r\n"
	dir := t.TempDir()
	want := lintJSON(t, dir, "cymru.yaml", text, "--context", "none")
	for _, enc := range []string{"utf-16", "utf-8"} {
		c := startErslintLSP(t, dir)
		var encs []string
		if enc == "utf-8" {
			encs = []string{"utf-8", "utf-16"}
		}
		res := c.initialize("", map[string]any{"asOf": lspAsOf}, encs...)
		if caps, _ := res["capabilities"].(map[string]any); caps["positionEncoding"] != enc {
			t.Fatalf("offered %v: positionEncoding %v, want %s", encs, caps["positionEncoding"], enc)
		}
		uri := fileURI(filepath.Join(dir, "cymru.yaml"))
		c.open(uri, text)
		got := c.waitDiagnostics(uri, 1)
		sameFindings(t, enc, text, got, want, enc)
		astral := 0
		for _, f := range want {
			if strings.Contains(strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")[f.Line-1][:0], "") && f.Column > 1 {
				line := []rune(strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")[f.Line-1])
				if strings.ContainsRune(string(line[:f.Column-1]), '😀') {
					astral++
				}
			}
		}
		if astral == 0 {
			t.Errorf("no finding after an astral character: the test does not test what it says; findings %+v", want)
		}
		c.shutdown()
	}
}

// Bad input never ends the session: framing a client gets wrong, requests
// with broken params, a document over the size limit, an unknown method; the
// next request is answered.
func TestLSPBadInput(t *testing.T) {
	dir := t.TempDir()
	c := startErslintLSP(t, dir, "--max-file-size", "2KiB")
	c.initialize("", map[string]any{"asOf": lspAsOf})
	fmt.Fprint(c.in, "Content-Length: 5\r\n\r\n{not}")
	m := c.request("textDocument/hover", map[string]any{"textDocument": 42})
	if m.Error == nil || m.Error.Code != -32602 {
		t.Errorf("hover with broken params: %+v, want invalid params", m)
	}
	if m := c.request("erslint/unknown", nil); m.Error == nil || m.Error.Code != -32601 {
		t.Errorf("unknown method: %+v, want method not found", m)
	}
	uri := fileURI(filepath.Join(dir, "big.yaml"))
	big := "apiVersion: ers-onboarding/v1\nkind: OnboardingManifest\n" + strings.Repeat("# padding\n", 400)
	c.open(uri, big)
	got := c.waitDiagnostics(uri, 1)
	if len(got) != 1 || got[0].Code != "ERS-SCHEMA-001" || !strings.Contains(got[0].Message, "limit") {
		t.Errorf("a document over --max-file-size: %+v, want one ERS-SCHEMA-001 naming the limit", got)
	}
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"range": ersRange{ersPos{900, 0}, ersPos{-3, 99}}, "text": "x"}}})
	c.waitDiagnostics(uri, 2)
	for _, hostile := range []string{"a: &a [*a, *a]\n", "{{{{{{{{{{{{", "- - - - - -\n\t\x01", "apiVersion: ers-onboarding/v1\nkind: [", "---\n---\n...\n"} {
		c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 3},
			"contentChanges": []any{map[string]any{"text": hostile}}})
		var h any
		c.result("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": ersPos{0, 3}}, &h)
		var cl any
		c.result("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": ersPos{0, 5}}, &cl)
		var ca any
		c.result("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri}, "range": ersRange{ersPos{0, 0}, ersPos{5, 0}}, "context": map[string]any{"diagnostics": []any{}}}, &ca)
	}
	// A message far over the limit (2 × --max-file-size + 1 MiB) is skipped
	// unread; the next is answered.
	huge := fileURI(filepath.Join(dir, "huge.yaml"))
	c.open(huge, strings.Repeat("# x\n", 1<<19))
	if m := c.request("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": huge}, "position": ersPos{0, 0}}); m.Error != nil {
		t.Errorf("after a skipped message: %+v", m.Error)
	}
	c.shutdown()
	if len(c.published(huge)) != 0 {
		t.Error("a skipped document got diagnostics")
	}
}
