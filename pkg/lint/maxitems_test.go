package lint

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestListOverItsLimitIsCheckedUpToIt: a list past its schema maxItems is
// reported once, saying that only its first items were checked, and the
// schema and the rules read those only: 150 contracts with a gap each give
// findings for 100, not 150 (60,000 gave 180,000 findings and 708 MB).
func TestListOverItsLimitIsCheckedUpToIt(t *testing.T) {
	src, err := os.ReadFile("../../examples/independent-sector-provider.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	at := strings.Index(text, "    contracts:\n") + len("    contracts:\n")
	// paymentAgreed: false (ERS-CON-003) and an unknown key (ERS-SCHEMA-001) in each.
	contract := "      - commissioner: {name: NHS Example ICB, odsCode: QWE}\n        reference: R\n        start: \"2025-04-01\"\n        end: \"2027-03-31\"\n        paymentAgreed: false\n        typo: 1\n"
	for _, n := range []int{99, 150} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			manifest := text[:at] + strings.Repeat(contract, n) + text[at:]
			rep := lintSources(t, newLinter(t, Options{}), map[string]string{"isp.yaml": manifest})
			var limit []string
			typos := 0
			for _, f := range only(rep, "ERS-SCHEMA-001") {
				switch {
				case strings.Contains(f.Message, "over the limit"):
					limit = append(limit, fmt.Sprintf("%d:%d %s %s", f.Line, f.Column, f.Path, f.Message))
				case strings.Contains(f.Message, "typo"):
					typos++
				}
			}
			checked := min(n, 100) // the ones added come first; the example's own contract has no gap
			if got := len(only(rep, "ERS-CON-003")); got != checked || typos != checked {
				t.Errorf("%d ERS-CON-003 and %d unknown-key findings, want %d each", got, typos, checked)
			}
			if n < 100 {
				if len(limit) != 0 {
					t.Errorf("a list within its limit is reported: %q", limit)
				}
				return
			}
			want := fmt.Sprintf("services[0].contracts services[0].contracts lists %d items, over the limit of 100 (far more than any organisation has); only its first 100 were checked, by the schema and the rules", n+1)
			if len(limit) != 1 || !strings.Contains(limit[0], want) {
				t.Errorf("limit findings %q, want one saying %q", limit, want)
			}
		})
	}
}
