package report

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// BenchmarkDashboard measures the dashboard of a generated programme in
// headless chromium: the page's size, the time to DOMContentLoaded from a
// file:// URL, and the time a filter takes until the page is laid out again.
// ERSLINT_BENCH_ORGS sets the number of organisations (default 10,000);
// ERSLINT_BENCH_PAGE measures an existing page instead. bench/dashboard.sh
// runs it:
//
//	go test -run '^$' -bench Dashboard -benchtime 3x ./pkg/report
func BenchmarkDashboard(b *testing.B) {
	page := os.Getenv("ERSLINT_BENCH_PAGE")
	if page == "" {
		n := 10000
		if s := os.Getenv("ERSLINT_BENCH_ORGS"); s != "" {
			var err error
			if n, err = strconv.Atoi(s); err != nil {
				b.Fatalf("ERSLINT_BENCH_ORGS: %v", err)
			}
		}
		page, _ = dashboard(b, b.TempDir(), generated(b, n))
	}
	fi, err := os.Stat(page)
	if err != nil {
		b.Fatal(err)
	}
	var dcl, filterVerdict, filterText float64
	for b.Loop() {
		ctx, _ := browser(b)
		var m struct {
			DCL, Verdict, Text float64
		}
		// Each filter is timed, once the page has painted, from setting the
		// field to the end of the layout it causes (reading offsetHeight
		// forces it) and the next frame.
		measure := `(async () => {
			const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
			const time = async (id, value) => {
				const el = document.getElementById(id);
				const t0 = performance.now();
				el.value = value;
				el.dispatchEvent(new Event("input", {bubbles: true}));
				document.body.offsetHeight;
				await frame();
				return performance.now() - t0;
			};
			const nav = performance.getEntriesByType("navigation")[0];
			await frame(); // the page's first paint, before any filter
			const verdict = await time("f-verdict", "blocked");
			await time("f-verdict", "");
			const text = await time("f-q", "org-00042");
			return {dcl: nav.domContentLoadedEventEnd, verdict: verdict, text: text};
		})()`
		if err := chromedp.Run(ctx, chromedp.Navigate("file://"+page), chromedp.WaitReady("#matrix tbody"),
			chromedp.Evaluate(measure, &m, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })); err != nil {
			b.Fatal(err)
		}
		dcl += m.DCL
		filterVerdict += m.Verdict
		filterText += m.Text
	}
	n := float64(b.N)
	b.ReportMetric(float64(fi.Size()), "html-bytes")
	b.ReportMetric(dcl/n, "dcl-ms")
	b.ReportMetric(filterVerdict/n, "filter-verdict-ms")
	b.ReportMetric(filterText/n, "filter-text-ms")
	b.ReportMetric(0, "ns/op")
	fmt.Fprintf(os.Stderr, "dashboard %s: %d bytes, DOMContentLoaded %.0f ms, filter by verdict %.0f ms, by text %.0f ms\n",
		page, fi.Size(), dcl/n, filterVerdict/n, filterText/n)
}
