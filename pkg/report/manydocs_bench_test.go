package report

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/lint"
)

// BenchmarkJSONManyDocuments: the JSON report of one file of 1,000 broken
// documents (24,000 findings), packed as lint runs: each document's findings
// are read from its file's in one pass, not one pass per document.
func BenchmarkJSONManyDocuments(b *testing.B) {
	src, err := os.ReadFile("../../examples/gaps/community-clinic.yaml")
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]string, 1000)
	for i := range docs {
		docs[i] = strings.Replace(string(src), "name: community-clinic", fmt.Sprintf("name: cc-%d", i), 1)
	}
	l, err := lint.New(context.Background(), lint.Options{AsOf: "2026-11-24", PackFindings: true})
	if err != nil {
		b.Fatal(err)
	}
	rep, err := l.Lint(context.Background(), []lint.Input{{Name: "many.yaml", Data: []byte(strings.Join(docs, "\n---\n"))}})
	if err != nil {
		b.Fatal(err)
	}
	if rep.NumFindings() < 20_000 {
		b.Fatalf("%d findings: too few", rep.NumFindings())
	}
	w, err := New("json", Options{Version: "v1"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := w.Write(io.Discard, rep); err != nil {
			b.Fatal(err)
		}
	}
}
