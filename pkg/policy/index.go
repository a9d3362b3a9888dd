package policy

import (
	"fmt"
	"math"
	"math/big"
)

// wholeIndex reads a path or document index a rule gave as a number, written
// in any JSON form (3, 3.0, 3e0): a fraction is not a whole number; a whole
// number past what an index can be (1e29, taken from a manifest by a custom
// rule) is out of range, which is what is wrong with it.
func wholeIndex(what, s string) (int, error) {
	f, ok := new(big.Float).SetString(s)
	if !ok || f.IsInf() {
		return 0, fmt.Errorf("%s %s is not a number", what, s)
	}
	if !f.IsInt() {
		return 0, fmt.Errorf("%s %s is not a whole number", what, s)
	}
	n, acc := f.Int64()
	if acc != big.Exact || n > math.MaxInt32 || n < math.MinInt32 {
		return 0, fmt.Errorf("%s %s is out of range: an index is a position in a list, at most %d", what, s, math.MaxInt32)
	}
	return int(n), nil
}
