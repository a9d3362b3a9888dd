package policy

import (
	"testing"

	"github.com/erslint/erslint/policies"
)

// BenchmarkParse is the parse of erslint's own policies as a lint without
// reference data parses them (every CPU, the ERS-REF modules' metadata only):
// a third of a cold start.
func BenchmarkParse(b *testing.B) {
	srcs, err := LiveFromFS(policies.FS, "policies", true)
	if err != nil {
		b.Fatal(err)
	}
	srcs = withoutRefData(srcs)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parse(srcs); err != nil {
			b.Fatal(err)
		}
	}
}
