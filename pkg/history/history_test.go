package history

import (
	"slices"
	"strings"
	"testing"
)

func TestPoints(t *testing.T) {
	for _, tc := range []struct {
		since, until, every string
		want                []string
		err                 string
	}{
		{"2026-01-01", "2026-01-01", "day", []string{"2026-01-01"}, ""},
		{"2026-01-01", "2026-01-03", "day", []string{"2026-01-01", "2026-01-02", "2026-01-03"}, ""},
		{"2026-01-01", "2026-01-21", "week", []string{"2026-01-01", "2026-01-08", "2026-01-15"}, ""},
		// Months count from since, the 31st clamped to each month's last day.
		{"2026-01-31", "2026-04-30", "month", []string{"2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"}, ""},
		{"2024-02-29", "2025-03-01", "month", nil, ""},
		{"2026-02-01", "2026-01-01", "week", nil, "after the assessment date"},
		{"2026-01-01", "2026-02-01", "fortnight", nil, "--every"},
		{"2026-13-01", "2027-01-01", "week", nil, "--since"},
		{"1990-01-01", "2026-01-01", "day", nil, "over 520 points"},
	} {
		got, err := Points(tc.since, tc.until, tc.every)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s..%s every %s: error %v, want %q", tc.since, tc.until, tc.every, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s..%s every %s: %v", tc.since, tc.until, tc.every, err)
			continue
		}
		if tc.want == nil {
			if len(got) != 13 || got[12] != "2025-02-28" {
				t.Errorf("2024-02-29 monthly: %v", got)
			}
			continue
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s..%s every %s: %v, want %v", tc.since, tc.until, tc.every, got, tc.want)
		}
	}
}
