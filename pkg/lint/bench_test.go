package lint

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/pkg/validate"
)

// benchManifest is a typical manifest (three services, as the benchmark corpus).
func benchManifest(b *testing.B) []byte {
	b.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "independent-sector-provider.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	return src
}

func BenchmarkLoad(b *testing.B) {
	src := benchManifest(b)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		manifest.Parse("m.yaml", src, manifest.DefaultLimits)
	}
}

func BenchmarkValidate(b *testing.B) {
	doc := manifest.Parse("m.yaml", benchManifest(b), manifest.DefaultLimits).Documents[0]
	v, err := validate.New()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		v.Validate(doc)
	}
}

func BenchmarkEvaluate(b *testing.B) {
	doc := manifest.Parse("m.yaml", benchManifest(b), manifest.DefaultLimits).Documents[0]
	l, err := New(context.Background(), Options{AsOf: "2026-11-24"})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		if _, err := l.engine.Evaluate(ctx, doc.Data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLintDocument(b *testing.B) {
	src := benchManifest(b)
	l, err := New(context.Background(), Options{AsOf: "2026-11-24", Jobs: 1})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	in := []Input{{Name: "m.yaml", Data: src}}
	for b.Loop() {
		if _, err := l.Lint(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
