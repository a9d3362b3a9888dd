package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/refdata"
)

func TestOneLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain — text ✅", "plain — text ✅"},
		{"erase\x1b[2K\rfake line\n", `erase\x1b[2K\rfake line\n`},
		{"tab\tdel\x7f nul\x00", `tab\tdel\x7f nul\x00`},
		{"c1 \u009b31m", `c1 \u009b31m`},
		{"bidi \u202eabc\u2066", `bidi \u202eabc\u2066`},
		{"separators \u2028\u2029", `separators \u2028\u2029`},
		{"bad utf-8 \xff\xfe", `bad utf-8 \xff\xfe`},
		{`backslash \x1b stays`, `backslash \x1b stays`},
	}
	for _, tt := range tests {
		if got := oneLine(tt.in); got != tt.want {
			t.Errorf("oneLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// hostileReport holds findings whose file name, rule and message carry what a
// manifest or a custom policy can put there: terminal escapes that erase the
// line and print a fake one, Markdown links, images, HTML and mentions.
func hostileReport() *lint.Report {
	const msg = "ok\x1b[1A\x1b[2K\r\nevil.yaml:1:1: info ERS-X-001 all clear\u202e [x](https://evil.example) ![i](https://evil.example/i.png) " +
		"<img src=x onerror=alert(1)> @octocat www.evil.example mail@evil.example"
	return &lint.Report{Files: 2, Documents: 2, AsOf: "2026-11-24", RefData: &refdata.Info{Source: msg, Extracted: "2026-11-30"},
		DocumentInfos: []lint.DocumentInfo{{File: "a\x1b[2K.yaml", Name: "[n](https://evil.example) @team", Organisation: "<b>org</b>", Stage: finding.Live, Checked: true}},
		Findings: []finding.Finding{
			{RuleID: "ERS-ODS-001", Severity: finding.Error, Message: msg, File: "a\x1b[2K.yaml", Line: 1, Column: 1},
			{RuleID: "CUSTOM\r\n-1", Severity: finding.Warning, Message: msg, File: "b.yaml", Line: 2, Column: 1},
		},
	}
}

func TestTextNeutralisesControlCharacters(t *testing.T) {
	var buf bytes.Buffer
	if err := (Text{}).Write(&buf, hostileReport()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Count(out, "\n") != 4 {
		t.Errorf("want 4 lines (2 findings, the reference data, the summary):\n%q", out)
	}
	if i := strings.IndexFunc(strings.ReplaceAll(out, "\n", ""), func(r rune) bool { return unsafeRune(r) }); i >= 0 {
		t.Errorf("raw control character in the text report:\n%q", out)
	}
	if !strings.HasPrefix(out, `a\x1b[2K.yaml:1:1: error ERS-ODS-001 ok\x1b[1A\x1b[2K\r\nevil.yaml`) {
		t.Errorf("the finding is not shown with its escapes:\n%s", out)
	}
}

func TestMarkdownNeutralisesLinksAndMentions(t *testing.T) {
	var buf bytes.Buffer
	if err := (Markdown{}).Write(&buf, hostileReport()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	live := []*regexp.Regexp{
		regexp.MustCompile(`[^\\]\[[^\]]*[^\\]\]\(https://evil`), // a link or an image
		regexp.MustCompile(`<(img|b)\b`),                         // HTML
		regexp.MustCompile(`@(octocat|team|evil)`),               // a mention or an e-mail address
		regexp.MustCompile(`https?://evil|www\.evil`),            // a bare URL GitHub links
		regexp.MustCompile("[\x00-\x08\x0b-\x1f\x7f]"),           // terminal escapes
	}
	for _, re := range live {
		if m := re.FindString(out); m != "" {
			t.Errorf("live in the Markdown report: %q\n%s", m, out)
		}
	}
	if !strings.Contains(out, `\[x\](https:`+"\u2060"+`//evil.example)`) {
		t.Errorf("the link is not shown as text:\n%s", out)
	}
}

func TestGitHubNeutralisesControlCharacters(t *testing.T) {
	var buf bytes.Buffer
	if err := (GitHub{}).Write(&buf, hostileReport()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 lines:\n%q", buf.String())
	}
	for _, l := range lines[:2] {
		if !strings.HasPrefix(l, "::") || strings.ContainsAny(l, "\x1b\r") {
			t.Errorf("not one clean workflow command: %q", l)
		}
	}
	if want := "::warning file=b.yaml,line=2,col=1,endLine=2,title=CUSTOM%0D%0A-1::ok\\x1b[1A\\x1b[2K%0D%0Aevil.yaml"; !strings.HasPrefix(lines[1], want) {
		t.Errorf("got %q, want it to start with %q", lines[1], want)
	}
}
