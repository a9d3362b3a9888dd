// Package isodate reads the YYYY-MM-DD dates of manifests.
package isodate

import "time"

// Parse reads s exactly as time.Parse(time.DateOnly, s) does: a four-digit
// year, a two-digit month and a two-digit day that the month has, nothing
// before or after, at midnight UTC. It is that call without the layout
// machinery: the rules and the look-ahead read several dates a document, and
// time.Parse cost the look-ahead 2% of its instructions.
func Parse(s string) (time.Time, bool) {
	if len(s) != len(time.DateOnly) || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	year, okY := digits(s[0:4])
	month, okM := digits(s[5:7])
	day, okD := digits(s[8:10])
	if !okY || !okM || !okD || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC), true
}

// digits is the number s writes in ASCII digits only.
func digits(s string) (int, bool) {
	n := 0
	for i := range len(s) {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// daysIn is the number of days of month in year (Gregorian, as time counts).
func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
