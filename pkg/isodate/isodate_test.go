package isodate

import (
	"fmt"
	"testing"
	"time"
)

// agree fails unless Parse reads s as time.Parse(time.DateOnly, s) does.
func agree(t *testing.T, s string) bool {
	t.Helper()
	want, err := time.Parse(time.DateOnly, s)
	got, ok := Parse(s)
	if ok != (err == nil) || ok && !got.Equal(want) || ok && got.Location() != time.UTC {
		t.Fatalf("Parse(%q) = %v, %v; time.Parse: %v, %v", s, got, ok, want, err)
	}
	return ok
}

// Parse agrees with time.Parse on every month and day number around the
// valid ones, in common, leap and century years, and on malformed texts.
func TestParseAgreesWithTime(t *testing.T) {
	var dates, refused int
	for _, year := range []string{"0000", "0001", "1600", "1899", "1900", "2000", "2023", "2024", "2100", "2199", "9999"} {
		for month := 0; month <= 13; month++ {
			for day := 0; day <= 32; day++ {
				if agree(t, fmt.Sprintf("%s-%02d-%02d", year, month, day)) {
					dates++
				} else {
					refused++
				}
			}
		}
	}
	if dates == 0 || refused == 0 {
		t.Fatalf("%d dates and %d refused: the texts do not test both answers", dates, refused)
	}
	for _, s := range []string{"", "2026-1-05", "2026-01-5", "26-01-05", "02026-01-05", "2026-01-05 ", " 2026-01-05",
		"2026/01/05", "2026-01-05T00:00:00Z", "+026-01-05", "-026-01-05", "2026-+1-05", "2026-01--5", "2026-0a-05",
		"٢٠٢٦-01-05", "2026-01-0５", "2026-02-29", "2024-02-29", "2026\x0001-05", "20260105xx"} {
		agree(t, s)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2026-11-24", "2024-02-29", "2026-02-29", "0000-01-01", "9999-12-31", "2026-13-01", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { agree(t, s) })
}
