package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/erslint/erslint/pkg/forecast"
)

// ForecastWriter writes a look-ahead (erslint forecast).
type ForecastWriter interface {
	WriteForecast(w io.Writer, fc *forecast.Forecast) error
}

var forecastFormats = map[string]func(Options) ForecastWriter{
	"text":     func(Options) ForecastWriter { return ForecastText{} },
	"json":     func(o Options) ForecastWriter { return ForecastJSON{Version: o.Version} },
	"markdown": func(Options) ForecastWriter { return ForecastMarkdown{} },
}

// ForecastNames lists the formats of a look-ahead, sorted.
func ForecastNames() []string {
	var names []string
	for n := range forecastFormats {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// NewForecast returns the look-ahead writer for a format name.
func NewForecast(name string, opts Options) (ForecastWriter, error) {
	f, ok := forecastFormats[name]
	if !ok {
		return nil, fmt.Errorf("unknown forecast format %q (want one of %s)", name, strings.Join(ForecastNames(), ", "))
	}
	return f(opts), nil
}

// verdictWords says a verdict and, when it changes within the horizon, when.
func verdictWords(fc *forecast.Forecast, d forecast.Document) string {
	v := string(fc.Verdict(d))
	if date, blocked, ok := fc.NextVerdictChange(d); ok {
		if blocked {
			return fmt.Sprintf("%s: blocked from %s", v, date)
		}
		return fmt.Sprintf("%s: unblocked from %s", v, date)
	}
	return v
}

// forecastTotals counts documents by verdict, and changes and their days.
type forecastTotals struct {
	verdicts map[forecast.Verdict]int
	changes  int
	days     int
}

func totals(fc *forecast.Forecast) forecastTotals {
	t := forecastTotals{verdicts: map[forecast.Verdict]int{}}
	days := map[string]bool{}
	for _, d := range fc.Documents {
		t.verdicts[fc.Verdict(d)]++
		for _, c := range d.Changes {
			t.changes++
			days[c.Date] = true
		}
	}
	t.days = len(days)
	return t
}

func (t forecastTotals) String() string {
	return fmt.Sprintf("%d ready, %d at risk, %d blocked; %s on %s",
		t.verdicts[forecast.Ready], t.verdicts[forecast.AtRisk], t.verdicts[forecast.Blocked],
		plural(t.changes, "change"), plural(t.days, "day"))
}

// plain makes manifest text safe for a terminal: control characters (an
// escape sequence, a carriage return that would overwrite the line) become �.
func plain(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return '\uFFFD'
		}
		return r
	}, s)
}
