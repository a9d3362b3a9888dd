package report

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/erslint/erslint/internal/testtools"
	"github.com/erslint/erslint/pkg/baseline"
	"github.com/erslint/erslint/pkg/forecast"
	"github.com/erslint/erslint/pkg/history"
	"github.com/erslint/erslint/pkg/lint"
)

// programmePage writes the dashboard of paths with the programme's views: a
// Directory that puts commissioner Q01 under Q00 (a sub-ICB location under
// its ICB), a history of twelve weeks, and a baseline in which the first
// organisation was ready.
func programmePage(t testing.TB, dir string, paths ...string) (string, *forecast.Forecast, Directory, *history.History) {
	t.Helper()
	inputs, err := lint.Collect(paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(context.Background(), lint.Options{AsOf: "2026-11-24"})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := l.LintPlanned(context.Background(), inputs, forecast.Plan(forecast.Options{AsOf: "2026-11-24", Until: lookAheadUntil, Rehearse: true}))
	if err != nil {
		t.Fatal(err)
	}
	directory := Directory{
		Name: func(code string) (string, bool) {
			return map[string]string{"Q00": "NHS EXAMPLE ICB"}[code], code == "Q00"
		},
		ICB: func(code string) (string, bool) { return "Q00", code == "Q01" },
	}
	h := &history.History{SchemaVersion: 1, Since: "2026-09-01", Until: "2026-11-17", Every: "week"}
	for i := range 12 {
		day := time.Date(2026, 9, 1+7*i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		h.Points = append(h.Points, history.Point{Date: day, Commit: fmt.Sprintf("%040x", i+1), Organisations: 10 + i,
			Verdicts: history.Verdicts{Blocked: 8 - i/2, AtRisk: 1 + i%3, Ready: 1 + i + i/2 - i%3}, Stages: map[string]int{"planning": 5, "pre-go-live": 3 + i, "live": 2}})
	}
	opts := Options{Version: "test", Until: lookAheadUntil, Directory: directory, History: h}
	fc := opts.lookAhead(rep)
	first := fc.Documents[0].Info.Name
	opts.Baseline = baseline.Compare(&baseline.Report{File: "last-week.json", AsOf: "2026-11-17",
		Verdicts: map[string]string{first: "ready"}, Titles: map[string]string{}}, rep, fc)
	var buf bytes.Buffer
	if err := (HTML{Version: "test", Options: opts}).Write(&buf, rep); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "dashboard.html")
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return page, fc, directory, h
}

// TestProgrammeViewsInBrowser opens the commissioner view and the trend
// chart: the roll-up matches the JSON report's, follows the matrix's
// filters, puts a sub-ICB location's organisations under its ICB; the chart
// has its three lines and a row of data per day; the page leads with the
// changes since the baseline; no serious or critical axe-core violation.
func TestProgrammeViewsInBrowser(t *testing.T) {
	axe := axeSource(t)
	page, fc, dir, h := programmePage(t, t.TempDir(), generated(t, 120))
	ctx, problems := browser(t)
	if err := chromedp.Run(ctx, chromedp.Navigate("file://"+page), chromedp.WaitReady("#commissioner-table tbody")); err != nil {
		t.Fatal(err)
	}
	want := commissioners(fc, dir)
	if n := number(t, ctx, `document.querySelectorAll('#commissioner-table tbody tr').length`); n != len(want) {
		t.Errorf("commissioner view: %d rows, want %d", n, len(want))
	}
	// Each row's counts are the JSON roll-up's.
	for _, c := range want {
		label := c.ODSCode
		if c.Name != "" {
			label = c.Name + " (" + c.ODSCode + ")"
		}
		if c.ICB != nil {
			label += ", in " + *c.ICB
		}
		js := fmt.Sprintf(`(() => { const r = [...document.querySelectorAll('#commissioner-table tbody tr')].find(r => r.cells[0].textContent === %q);
			return r ? [1,2,3,4].map(i => r.cells[i].textContent).join(" ") : "missing"; })()`, label)
		wantCells := fmt.Sprintf("%d %d %d %d", len(c.Organisations), c.Verdicts.Blocked, c.Verdicts.AtRisk, c.Verdicts.Ready)
		if got := text(t, ctx, js); got != wantCells {
			t.Errorf("commissioner %s: %q, want %q", label, got, wantCells)
		}
	}
	// The ICB counts its own organisations and its sub-ICB location's.
	icb := number(t, ctx, `+[...document.querySelectorAll('#commissioner-table tbody tr')].find(r => r.cells[0].textContent === "NHS EXAMPLE ICB (Q00)").cells[1].textContent`)
	sub := 0
	for _, c := range want {
		if c.ODSCode == "Q00" && icb != len(c.Organisations) {
			t.Errorf("ICB Q00 shows %d organisations, want %d", icb, len(c.Organisations))
		}
		if c.ODSCode == "Q01" {
			sub = len(c.Organisations)
		}
	}
	if sub == 0 || icb < sub {
		t.Errorf("ICB Q00 has %d organisations, its sub-ICB location Q01 %d: the roll-up does not hold it", icb, sub)
	}
	// Filtered to blocked organisations, every row counts blocked ones only.
	setFilter(t, ctx, "f-verdict", "blocked")
	blocked := 0
	for _, c := range want {
		blocked += c.Verdicts.Blocked
	}
	if got := number(t, ctx, `[...document.querySelectorAll('#commissioner-table tbody tr')].reduce((n, r) => n + +r.cells[2].textContent, 0)`); got != blocked {
		t.Errorf("filtered to blocked: the view counts %d blocked, want %d", got, blocked)
	}
	if got := number(t, ctx, `[...document.querySelectorAll('#commissioner-table tbody tr')].reduce((n, r) => n + +r.cells[3].textContent + +r.cells[4].textContent, 0)`); got != 0 {
		t.Errorf("filtered to blocked: %d at risk or ready still counted", got)
	}
	setFilter(t, ctx, "f-verdict", "")
	// The trend: three lines, a row of data per day.
	if n := number(t, ctx, `document.querySelectorAll('#trend svg path').length`); n != 3 {
		t.Errorf("trend: %d lines, want 3", n)
	}
	if n := number(t, ctx, `document.querySelectorAll('#trend-data tbody tr').length`); n != len(h.Points) {
		t.Errorf("trend data: %d rows, want %d", n, len(h.Points))
	}
	last := h.Points[len(h.Points)-1]
	if got := text(t, ctx, `[...document.querySelectorAll('#trend-data tbody tr')].pop().cells[2].textContent`); got != strconv.Itoa(last.Verdicts.Blocked) {
		t.Errorf("trend data: last day blocked %s, want %d", got, last.Verdicts.Blocked)
	}
	// The page leads with the changes since the baseline.
	if got := text(t, ctx, `document.querySelector('main section').id`); got != "changes" {
		t.Errorf("the first section is %q, want the changes since the baseline", got)
	}
	if err := chromedp.Run(ctx, chromedp.ScrollIntoView("#commissioners")); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "programme.png")
	for _, v := range runAxe(t, ctx, axe) {
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Errorf("axe-core %s (%s) on %d elements: %s", v.ID, v.Impact, v.Nodes, v.Help)
		} else {
			t.Logf("axe-core %s (%s) on %d elements: %s", v.ID, v.Impact, v.Nodes, v.Help)
		}
	}
	for _, p := range *problems {
		t.Errorf("browser: %s", p)
	}
}

// TestProgrammeScreenshot keeps docs/programme-trend.png and
// docs/programme-commissioners.png, the README's pictures of the programme
// views (the trend, and the roll-up by commissioner filtered to blocked
// organisations) of a generated corpus: go test ./pkg/report -run
// TestProgrammeScreenshot -update takes them again.
func TestProgrammeScreenshot(t *testing.T) {
	shots := []struct{ file, section, filter string }{
		{"programme-trend.png", "#trend", ""},
		{"programme-commissioners.png", "#commissioners", "blocked"},
	}
	if !*update {
		for _, s := range shots {
			b, err := os.ReadFile(filepath.Join(testtools.Root(t), "docs", s.file))
			if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
				t.Fatalf("docs/%s is missing or not a PNG (go test ./pkg/report -run TestProgrammeScreenshot -update): %v", s.file, err)
			}
		}
		return
	}
	page, _, _, _ := programmePage(t, t.TempDir(), generated(t, 40))
	ctx, problems := browser(t)
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(1280, 760), chromedp.Navigate("file://"+page),
		chromedp.WaitReady("#commissioner-table tbody")); err != nil {
		t.Fatal(err)
	}
	for _, s := range shots {
		if s.filter != "" {
			setFilter(t, ctx, "f-verdict", s.filter)
		}
		var png []byte
		if err := chromedp.Run(ctx, chromedp.ScrollIntoView(s.section), chromedp.CaptureScreenshot(&png)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(testtools.Root(t), "docs", s.file), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range *problems {
		t.Errorf("browser: %s", p)
	}
}
