package manifest

import (
	"math/rand/v2"
	"testing"
)

// The patterns for numbers yaml.v3 reads as text run only on text that
// startsLikeNumber: every text either pattern matches must pass it.
func TestStartsLikeNumberHoldsForEveryNumberPatternMatch(t *testing.T) {
	samples := []string{"1e400", "-1e400", "+.5e999", ".5", "0x1ffffffffffffffff", "-0o7777777777777777777777777",
		"0b1_0", "0777", "2025-04-01", "service-1", "e5", "x", "", "-", "+", ".", "_1"}
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "0123456789+-._eExXoObBaf "
	for range 20000 {
		b := make([]byte, 1+r.IntN(8))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		samples = append(samples, string(b))
	}
	for _, s := range samples {
		if (plainFloat().MatchString(s) || plainRadixInt().MatchString(s)) && !startsLikeNumber(s) {
			t.Errorf("%q matches a number pattern but startsLikeNumber is false", s)
		}
	}
	for _, s := range []string{"service-1", "NHS Example ICB", "", "-", "e5"} {
		if startsLikeNumber(s) {
			t.Errorf("startsLikeNumber(%q) = true", s)
		}
	}
}
