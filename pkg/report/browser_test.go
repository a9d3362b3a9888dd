package report

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/erslint/erslint/internal/testtools"
	"github.com/erslint/erslint/pkg/forecast"
	"github.com/erslint/erslint/pkg/lint"
)

// The dashboard in a real browser: Debian's chromium, headless, driven over
// the DevTools protocol, with axe-core injected for accessibility. .ci/run
// installs both (.ci/install-browser.sh); outside CI the tests skip without
// them. Screenshots go to the test's artifact directory (go test -artifacts
// keeps them under -outputdir).

// browser starts a headless chromium with a fresh profile and no network
// features; it fails the test on any request to a host or a script error.
func browser(t testing.TB) (context.Context, *[]string) {
	t.Helper()
	chromium := testtools.Find(t, "chromium", "bash .ci/install-browser.sh")
	profile, err := os.MkdirTemp("", "erslint-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		// Close the browser and wait for it (chromedp.Cancel), then remove
		// its profile: chromium may still be writing there just after a bare
		// cancel, which made t.TempDir's removal fail now and then.
		_ = chromedp.Cancel(ctx)
		cancel()
		cancelAlloc()
		for i := 0; ; i++ {
			if err := os.RemoveAll(profile); err == nil || i == 20 {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	problems := &[]string{}
	chromedp.ListenTarget(ctx, func(ev any) {
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			if u := e.Request.URL; !strings.HasPrefix(u, "file:") && !strings.HasPrefix(u, "data:") {
				*problems = append(*problems, "request to "+u)
			}
		case *runtime.EventExceptionThrown:
			*problems = append(*problems, "script error: "+e.ExceptionDetails.Error())
		case *log.EventEntryAdded:
			if e.Entry.Level == log.LevelError {
				*problems = append(*problems, "console: "+e.Entry.Text)
			}
		}
	})
	if err := chromedp.Run(ctx, network.Enable(), log.Enable(), runtime.Enable()); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx, problems
}

// axeSource is axe-core's script, installed by .ci/install-browser.sh.
func axeSource(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testtools.NodeModules(t), "axe-core", "axe.min.js"))
	if err != nil {
		testtools.Missing(t, "axe-core is not installed (bash .ci/install-browser.sh): "+err.Error())
	}
	return string(b)
}

// dashboard lints paths with the look-ahead and writes the page into dir.
func dashboard(t testing.TB, dir string, paths ...string) (string, *forecast.Forecast) {
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
	var buf bytes.Buffer
	opts := Options{Version: "test", Until: lookAheadUntil}
	if err := (HTML{Version: "test", Options: opts}).Write(&buf, rep); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "dashboard.html")
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return page, opts.lookAhead(rep)
}

// generated writes n manifests of the benchmark's generator.
func generated(t testing.TB, n int) string {
	t.Helper()
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: no generated corpus")
	}
	dir := t.TempDir()
	gen := filepath.Join(testtools.Root(t), "bench", "gen-manifests.py")
	if out, err := exec.Command(python, gen, dir, "-n", strconv.Itoa(n)).CombinedOutput(); err != nil {
		t.Fatalf("generate corpus: %v\n%s", err, out)
	}
	return dir
}

type axeResult struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  int    `json:"nodes"`
}

// runAxe runs axe-core on the page (WCAG 2.2 A and AA) and returns its
// violations.
func runAxe(t *testing.T, ctx context.Context, axe string) []axeResult {
	t.Helper()
	var out struct {
		Passes     int
		Violations []axeResult
	}
	script := `(async () => {
		const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}});
		return {passes: r.passes.length, violations: r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help, nodes: v.nodes.length}))};
	})()`
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(axe, nil),
		chromedp.Evaluate(script, &out, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
	); err != nil {
		t.Fatalf("run axe-core: %v", err)
	}
	if out.Passes < 10 {
		t.Fatalf("axe-core passed only %d checks: it did not look at the page", out.Passes)
	}
	return out.Violations
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	var png []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join(t.ArtifactDir(), name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// press moves the keyboard focus to the element and presses Enter, as a
// keyboard user does: the dashboard must work without a mouse.
func press(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	if err := chromedp.Run(ctx, chromedp.Focus(sel), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatalf("press Enter on %s: %v", sel, err)
	}
}

func text(t *testing.T, ctx context.Context, js string) string {
	t.Helper()
	var s string
	if err := chromedp.Run(ctx, chromedp.Evaluate(js, &s)); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return s
}

func number(t *testing.T, ctx context.Context, js string) int {
	t.Helper()
	var n int
	if err := chromedp.Run(ctx, chromedp.Evaluate(js, &n)); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return n
}

// setFilter sets a filter field as a user would and returns the status line.
func setFilter(t *testing.T, ctx context.Context, id, value string) string {
	t.Helper()
	v, _ := json.Marshal(value)
	js := fmt.Sprintf(`(() => { const el = document.getElementById(%q); el.value = %s; el.dispatchEvent(new Event("input", {bubbles: true})); return document.getElementById("shown").textContent; })()`, id, v)
	return text(t, ctx, js)
}

func TestDashboardInBrowser(t *testing.T) {
	axe := axeSource(t)
	root := testtools.Root(t)
	cases := []struct {
		name  string
		paths []string
	}{
		{"examples", []string{filepath.Join(root, "examples")}},
		{"generated", []string{generated(t, 120)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			page, fc := dashboard(t, t.TempDir(), c.paths...)
			ctx, problems := browser(t)
			if err := chromedp.Run(ctx, chromedp.Navigate("file://"+page), chromedp.WaitReady("#matrix tbody")); err != nil {
				t.Fatal(err)
			}
			screenshot(t, ctx, c.name+"-overview.png")

			// Overview: the counts by verdict are those of the look-ahead.
			verdicts := map[forecast.Verdict]int{}
			for _, d := range fc.Documents {
				verdicts[fc.Verdict(d)]++
			}
			for _, v := range forecast.Verdicts() {
				got := text(t, ctx, fmt.Sprintf(`document.querySelector('#verdicts tr[data-verdict=%q] td').textContent`, v))
				if got != strconv.Itoa(verdicts[v]) {
					t.Errorf("overview: %s shows %s organisations, want %d", v, got, verdicts[v])
				}
			}
			// The matrix: a page of rows, and each cell names the worst open
			// severity of its area.
			total := len(fc.Documents)
			if n := number(t, ctx, `document.querySelectorAll('#matrix tbody tr').length`); n != min(total, pageSize) {
				t.Errorf("matrix: %d rows, want %d", n, min(total, pageSize))
			}
			orgs := organisations(fc)
			first := orgs[0]
			for i, a := range Areas {
				_, want, _ := worstCell(first.Areas[a])
				got := text(t, ctx, fmt.Sprintf(`document.querySelector('#matrix tbody tr').cells[%d].textContent`, 5+i))
				if got != want {
					t.Errorf("matrix: %s of %s reads %q, want %q", a, first.Name, got, want)
				}
			}
			if total > pageSize {
				press(t, ctx, `#next`)
				if n := number(t, ctx, `document.querySelectorAll('#matrix tbody tr').length`); n != min(total-pageSize, pageSize) {
					t.Errorf("second page: %d rows, want %d", n, min(total-pageSize, pageSize))
				}
			}
			// A filter: blocked organisations only, then a text search.
			want := fmt.Sprintf("%d of %d organisations match", verdicts[forecast.Blocked], total)
			if got := setFilter(t, ctx, "f-verdict", "blocked"); !strings.HasPrefix(got, want) {
				t.Errorf("filter by verdict: %q, want %q", got, want)
			}
			if n := number(t, ctx, `Array.from(document.querySelectorAll('#matrix tbody tr')).filter(r => r.dataset.verdict !== "blocked").length`); n != 0 {
				t.Errorf("filter by verdict shows %d rows that are not blocked", n)
			}
			screenshot(t, ctx, c.name+"-filtered.png")
			setFilter(t, ctx, "f-verdict", "")
			name := first.Name
			matches := 0
			for _, o := range orgs {
				if strings.Contains(strings.ToLower(o.Name+" "+o.Organisation+" "+o.File), strings.ToLower(name)) {
					matches++
				}
			}
			if got, want := setFilter(t, ctx, "f-q", strings.ToUpper(name)), fmt.Sprintf("%d of %d organisations match", matches, total); !strings.HasPrefix(got, want) {
				t.Errorf("filter by text %q: %q, want %q", name, got, want)
			}
			setFilter(t, ctx, "f-q", "")
			// Sorting by verdict puts the blocked organisations first on the
			// second press (descending).
			press(t, ctx, `#matrix thead th:nth-child(4) button`)
			press(t, ctx, `#matrix thead th:nth-child(4) button`)
			if verdicts[forecast.Blocked] > 0 {
				if got := text(t, ctx, `document.querySelector('#matrix tbody tr').dataset.verdict`); got != "blocked" {
					t.Errorf("sorted by verdict, descending: first row is %s", got)
				}
			}
			// An organisation's findings: following its link shows them, by
			// area, and moves the focus there.
			press(t, ctx, `#matrix tbody tr th a`)
			if err := chromedp.Run(ctx, chromedp.WaitReady(`#org-detail-h`)); err != nil {
				t.Fatal(err)
			}
			id := strings.TrimPrefix(text(t, ctx, `location.hash`), "#")
			if focus := text(t, ctx, `document.activeElement.id`); focus != "org-detail" {
				t.Errorf("following the link to %s left the focus on %q", id, focus)
			}
			i, _ := strconv.Atoi(strings.TrimPrefix(id, "org-"))
			o := orgs[i-1]
			if h := text(t, ctx, `document.getElementById('org-detail-h').textContent`); !strings.HasPrefix(h, o.Name) {
				t.Errorf("details of %s are headed %q", o.Name, h)
			}
			wantRows := o.Counts.Errors + o.Counts.Warnings + o.Counts.Infos
			if n := number(t, ctx, `document.querySelectorAll('#org-detail table.findings tbody tr').length`); n != wantRows {
				t.Errorf("%s shows %d findings, want %d", id, n, wantRows)
			}
			screenshot(t, ctx, c.name+"-organisation.png")

			// Printing shows every row and every organisation's details.
			if n := number(t, ctx, `window.dispatchEvent(new Event("beforeprint")), document.querySelectorAll('#matrix tbody tr').length`); n != total {
				t.Errorf("printing shows %d rows of %d", n, total)
			}
			if n := number(t, ctx, `document.querySelectorAll('#print-details .print-org').length`); n != total {
				t.Errorf("printing shows the details of %d organisations of %d", n, total)
			}
			if n := number(t, ctx, `document.querySelectorAll('[id="org-detail-h"]').length`); n != 1 {
				t.Errorf("%d headings with the id org-detail-h", n)
			}

			// Accessibility: no serious or critical axe-core violation.
			start := time.Now()
			violations := runAxe(t, ctx, axe)
			t.Logf("axe-core: %d violations in %s", len(violations), time.Since(start).Round(time.Millisecond))
			for _, v := range violations {
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Errorf("axe-core %s (%s) on %d elements: %s", v.ID, v.Impact, v.Nodes, v.Help)
				} else {
					t.Logf("axe-core %s (%s) on %d elements: %s", v.ID, v.Impact, v.Nodes, v.Help)
				}
			}
			for _, p := range *problems {
				t.Errorf("browser: %s", p)
			}
		})
	}
}

// TestDashboardHostileInBrowser opens the page of a manifest built to break
// out of it: no element, handler or request may come from its values.
func TestDashboardHostileInBrowser(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "evil.yaml"), []byte(hostile), 0o644); err != nil {
		t.Fatal(err)
	}
	page, _ := dashboard(t, t.TempDir(), dir)
	ctx, problems := browser(t)
	if err := chromedp.Run(ctx, chromedp.Navigate("file://"+page), chromedp.WaitReady("#matrix tbody")); err != nil {
		t.Fatal(err)
	}
	// Open its details too: they are built from its values.
	press(t, ctx, `#matrix tbody tr th a`)
	if err := chromedp.Run(ctx, chromedp.WaitReady(`#org-detail-h`)); err != nil {
		t.Fatal(err)
	}
	if n := number(t, ctx, `document.querySelectorAll('#org-detail table.findings tbody tr').length`); n == 0 {
		t.Error("the hostile organisation's details show no findings")
	}
	if n := number(t, ctx, `document.querySelectorAll('img, svg [onload], iframe, b, script:not([type="application/json"]):not(#data-details):not(:last-of-type), form:not(#filters), a[href^="javascript"]').length`); n != 0 {
		t.Errorf("%d elements made from manifest values", n)
	}
	if n := number(t, ctx, `Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes).some(a => a.name.startsWith('on'))).length`); n != 0 {
		t.Errorf("%d elements with an inline handler", n)
	}
	for _, p := range *problems {
		t.Errorf("browser: %s", p)
	}
}

// TestDashboardScreenshot keeps docs/dashboard.png, the README's picture of
// the dashboard of examples/: go test ./pkg/report -run TestDashboardScreenshot
// -update takes it again (in chromium, 1280 by 1000 pixels, the first
// organisation's details open below the matrix).
func TestDashboardScreenshot(t *testing.T) {
	path := filepath.Join(testtools.Root(t), "docs", "dashboard.png")
	if !*update {
		b, err := os.ReadFile(path)
		if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
			t.Fatalf("docs/dashboard.png is missing or not a PNG (go test ./pkg/report -run TestDashboardScreenshot -update): %v", err)
		}
		return
	}
	page, _ := dashboard(t, t.TempDir(), filepath.Join(testtools.Root(t), "examples"))
	ctx, problems := browser(t)
	var png []byte
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(1280, 1000), chromedp.Navigate("file://"+page+"#org-1"),
		chromedp.WaitReady("#org-detail-h"), chromedp.ScrollIntoView("#areas"), chromedp.CaptureScreenshot(&png)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range *problems {
		t.Errorf("browser: %s", p)
	}
}
