package forecast

import (
	"context"
	"reflect"
	"testing"

	"github.com/erslint/erslint/pkg/cache"
	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
)

// The look-ahead's work bound decides where a document's look-ahead stops:
// a look-ahead cached under a larger bound is not taken under a smaller one,
// so the cache never hides the stop.
func TestCachedLookAheadKeepsItsWorkBound(t *testing.T) {
	asOf := "2026-11-24"
	inputs := []lint.Input{{Name: "big.yaml", Data: []byte(manyContracts(1000, asOf, 3650, 5000))}}
	dir := t.TempDir()
	forecastWith := func(work int, cached bool) *Forecast {
		t.Helper()
		opts := lint.Options{AsOf: asOf, Jobs: 1, LookAheadWork: work}
		var c *cache.Cache
		if cached {
			var err error
			if c, err = cache.Open(dir, 0); err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			opts.Cache = c
		}
		l, err := lint.New(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		fc, err := Run(context.Background(), l, inputs, nil, Options{AsOf: asOf, Until: until(asOf, 3660)}, finding.Error)
		if err != nil {
			t.Fatal(err)
		}
		return fc
	}
	forecastWith(300_000, true) // within the bound: cached
	want := forecastWith(20_000, false)
	got := forecastWith(20_000, true)
	if !reflect.DeepEqual(changes(got.Documents[0]), changes(want.Documents[0])) {
		t.Fatalf("with the cache of a larger bound, %d changes; without, %d (the look-ahead stops)",
			len(got.Documents[0].Changes), len(want.Documents[0].Changes))
	}
}
