package report

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/forecast"
	"github.com/erslint/erslint/pkg/lint"
)

// hostile is a manifest whose every free-text value tries to break out of
// the page: markup, an attribute, a style or script end tag, a bidirectional
// override and a very long name.
var hostile = `apiVersion: ers-onboarding/v1
kind: OnboardingManifest
metadata:
  name: "<img src=x onerror=alert(1)>"
stage: pre-go-live
organisation:
  name: "</style><script>alert(2)</script>` + "\u202e" + `gnp.exe"
  type: "\"><svg onload=alert(3)>"
  newToErs: true
services:
  - id: "x' onmouseover='alert(4)"
    name: "<iframe src=//example.com>"
    contracts:
      - commissioner: {name: "<b>ICB</b>", odsCode: QWE}
        reference: "</td></tr></table><form action=//evil>"
        start: "2025-01-01"
        end: "2026-12-01"
        paymentAgreed: true
governance:
  lessPrivateSettings: true
waivers:
  - rule: ERS-GOV-003
    reason: "<a href=javascript:alert(5)>click</a>` + strings.Repeat("x", 2000) + `"
    approvedBy: "<script>alert(6)</script>"
    expires: "2026-12-20"
`

func htmlOf(t *testing.T, files map[string]string) string {
	t.Helper()
	var inputs []lint.Input
	for name, src := range files {
		inputs = append(inputs, lint.Input{Name: name, Data: []byte(src)})
	}
	l, err := lint.New(context.Background(), lint.Options{AsOf: "2026-11-24", Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := l.LintPlanned(context.Background(), inputs, forecast.Plan(forecast.Options{AsOf: "2026-11-24", Until: lookAheadUntil, Rehearse: true}))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := (HTML{Version: "test", Options: Options{Until: lookAheadUntil}}).Write(&buf, rep); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestHTMLEscapesManifestValues(t *testing.T) {
	page := htmlOf(t, map[string]string{"<evil>.yaml": hostile})
	for _, bad := range []string{"<img", "<svg onload", "<iframe", "<b>ICB", "<form action", "<a href=javascript", "<!--", "\u202e", "<evil>"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page holds %q unescaped", bad)
		}
	}
	for tag, want := range map[string]int{"<script>": 1, `<script type="application/json"`: 2, `<script type="application/octet-stream"`: 1,
		"<script": 4, "<style": 1, "</script>": 4, "</style>": 1} {
		if n := strings.Count(page, tag); want >= 0 && n != want {
			t.Errorf("the page has %d %s, want %d: a manifest value made markup", n, tag, want)
		}
	}
	if !strings.Contains(page, `\u003cimg src=x onerror=alert(1)\u003e`) {
		t.Error("the hostile name is not in the page's data, escaped")
	}
	// The details are packed (gzip, base64): what the page unpacks holds the
	// manifest's values as JSON strings, clipped, never as markup.
	details := unpackedDetails(t, page)
	for _, bad := range []string{"<img", "<script>", "<a href"} {
		if strings.Contains(details, bad) {
			t.Errorf("the details hold %q unescaped", bad)
		}
	}
	if strings.Contains(details, strings.Repeat("x", clipReason+1)) || !strings.Contains(details, "x…") {
		t.Error("a long waiver reason is not clipped")
	}
}

// TestHTMLContentSecurityPolicy checks that the page forbids every load and
// allows exactly its own style and script, by hash, and uses no inline
// handler or style attribute (which the policy would block).
func TestHTMLContentSecurityPolicy(t *testing.T) {
	page := htmlOf(t, map[string]string{"org.yaml": hostile})
	hash := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	style := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(page)
	script := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindStringSubmatch(page)
	if style == nil || script == nil {
		t.Fatal("no inline style or script")
	}
	csp := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`).FindStringSubmatch(page)
	if csp == nil {
		t.Fatal("no Content-Security-Policy meta element")
	}
	want := "default-src 'none'; style-src " + hash(style[1]) + "; script-src " + hash(script[1]) + "; img-src 'none'; base-uri 'none'; form-action 'none'"
	if got := strings.ReplaceAll(csp[1], "&#39;", "'"); got != want {
		t.Errorf("CSP:\n got %s\nwant %s", got, want)
	}
	// Every attribute value is double-quoted and escaped, so a tag's
	// attributes read exactly with these.
	tags := regexp.MustCompile(`<[a-zA-Z][a-zA-Z0-9]*((?:\s+[a-zA-Z:-]+(?:="[^"]*")?)*)\s*/?>`)
	attrs := regexp.MustCompile(`\s([a-zA-Z:-]+)(?:="[^"]*")?`)
	for _, tag := range tags.FindAllStringSubmatch(page, -1) {
		for _, a := range attrs.FindAllStringSubmatch(tag[1], -1) {
			if name := strings.ToLower(a[1]); strings.HasPrefix(name, "on") || name == "style" {
				t.Errorf("inline handler or style attribute in %s", tag[0])
			}
		}
	}
	if m := regexp.MustCompile(`(?i)(src|href)="(https?:)?//`).FindString(page); m != "" {
		t.Errorf("a reference to another host: %s", m)
	}
}

func TestHTMLIsDeterministic(t *testing.T) {
	files := map[string]string{"a.yaml": hostile, "b.yaml": strings.Replace(hostile, "alert(1)", "alert(7)", 1)}
	if a, b := htmlOf(t, files), htmlOf(t, files); a != b {
		t.Error("two runs over the same manifests give different pages")
	}
}

// unpackedDetails is the page's details block, as the script unpacks it.
func unpackedDetails(t *testing.T, page string) string {
	t.Helper()
	m := regexp.MustCompile(`<script type="application/octet-stream" id="data-details" data-encoding="gzip base64">([A-Za-z0-9+/=]*)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no packed details block of base64 only")
	}
	raw, err := base64.StdEncoding.DecodeString(m[1])
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(out) {
		t.Fatal("the unpacked details are not JSON")
	}
	return string(out)
}
