// Package compare measures erslint's choice of libraries against the usual
// pairing for a YAML-plus-JSON-Schema linter, on erslint's own examples:
//
//   - parsing: go.yaml.in/yaml/v3's node API (erslint's manifest.Parse keeps
//     every value's line and column) against sigs.k8s.io/yaml, which converts
//     YAML to JSON and loses the positions a finding needs;
//   - validating: santhosh-tekuri/jsonschema v6 (draft 2020-12) against
//     xeipuuv/gojsonschema v1.2.0, which stops at draft-07, on a draft-07 copy
//     of the manifest schema.
//
// It is a module of its own so that erslint does not depend on the
// alternatives. Run from this directory:
//
//	go test -run . -bench . -benchmem
package compare

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/schema"
	santhosh "github.com/santhosh-tekuri/jsonschema/v6"
	gojsonschema "github.com/xeipuuv/gojsonschema"
	yamlv3 "go.yaml.in/yaml/v3"
	sigsyaml "sigs.k8s.io/yaml"
)

// examples are erslint's example manifests, one document each.
func examples(tb testing.TB) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{}
	for _, glob := range []string{"../../examples/*.yaml", "../../examples/*/*.yaml"} {
		files, err := filepath.Glob(glob)
		if err != nil {
			tb.Fatal(err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			out[filepath.Base(f)] = b
		}
	}
	if len(out) < 4 {
		tb.Fatalf("found %d examples", len(out))
	}
	return out
}

func sortedKeys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// BenchmarkParse parses every example once per iteration.
func BenchmarkParse(b *testing.B) {
	ex := examples(b)
	names := sortedKeys(ex)
	size := 0
	for _, n := range names {
		size += len(ex[n])
	}
	b.Run("erslint-manifest.Parse-yaml.v3-nodes-with-positions", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			for _, n := range names {
				f := manifest.Parse(n, ex[n], manifest.DefaultLimits)
				if f.Fatal != nil || len(f.Documents) != 1 {
					b.Fatal(n)
				}
			}
		}
	})
	b.Run("yaml.v3-node-decode-only", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			for _, n := range names {
				var node yamlv3.Node
				if err := yamlv3.Unmarshal(ex[n], &node); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("sigs.k8s.io-yaml-to-any-no-positions", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			for _, n := range names {
				var v any
				if err := sigsyaml.Unmarshal(ex[n], &v); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// draft07 rewrites the manifest schema (draft 2020-12) for draft-07: the
// $schema URI, and $defs as definitions. It uses no other 2020-12 keyword.
func draft07(tb testing.TB) []byte {
	tb.Helper()
	s := string(schema.ManifestV1)
	s = strings.Replace(s, `"https://json-schema.org/draft/2020-12/schema"`, `"http://json-schema.org/draft-07/schema#"`, 1)
	s = strings.ReplaceAll(s, `"$defs"`, `"definitions"`)
	s = strings.ReplaceAll(s, `#/$defs/`, `#/definitions/`)
	return []byte(s)
}

// documents are the examples as the data a validator sees, plus one with an
// error of each kind (unknown key, enumeration, required key, format, pattern).
func documents(tb testing.TB) []any {
	tb.Helper()
	ex := examples(tb)
	var out []any
	for _, n := range sortedKeys(ex) {
		out = append(out, manifest.Parse(n, ex[n], manifest.DefaultLimits).Documents[0].Data)
	}
	bad := strings.NewReplacer("stage: live", "stage: golive", "  name: example-msk-clinic", "  nmae: x",
		`end: "2028-03-31"`, `end: "2028-02-30"`, `odsCode: "8HV48"`, `odsCode: "8hv48"`).Replace(string(ex["independent-sector-provider.yaml"]))
	out = append(out, manifest.Parse("bad.yaml", []byte(bad), manifest.DefaultLimits).Documents[0].Data)
	return out
}

func compileSanthosh(tb testing.TB, raw []byte) *santhosh.Schema {
	tb.Helper()
	doc, err := santhosh.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		tb.Fatal(err)
	}
	c := santhosh.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("manifest.json", doc); err != nil {
		tb.Fatal(err)
	}
	s, err := c.Compile("manifest.json")
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func compileGojsonschema(tb testing.TB, raw []byte) *gojsonschema.Schema {
	tb.Helper()
	s, err := gojsonschema.NewSchema(gojsonschema.NewBytesLoader(raw))
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// santhoshErrors counts the leaf errors of a validation.
func santhoshErrors(err error) int {
	if err == nil {
		return 0
	}
	var count func(e *santhosh.ValidationError) int
	count = func(e *santhosh.ValidationError) int {
		if len(e.Causes) == 0 {
			return 1
		}
		n := 0
		for _, c := range e.Causes {
			n += count(c)
		}
		return n
	}
	return count(err.(*santhosh.ValidationError))
}

// Both validators must agree on every document before their speed is compared.
func TestValidatorsAgree(t *testing.T) {
	s6, s6on07, g := compileSanthosh(t, schema.ManifestV1), compileSanthosh(t, draft07(t)), compileGojsonschema(t, draft07(t))
	for i, d := range documents(t) {
		a := santhoshErrors(s6.Validate(d))
		b := santhoshErrors(s6on07.Validate(d))
		r, err := g.Validate(gojsonschema.NewGoLoader(d))
		if err != nil {
			t.Fatal(err)
		}
		if a != b || a != len(r.Errors()) {
			t.Errorf("document %d: v6 2020-12 %d errors, v6 draft-07 %d, gojsonschema %d: %v", i, a, b, len(r.Errors()), r.Errors())
		}
		if i == len(documents(t))-1 && a < 5 {
			t.Errorf("the broken document has %d errors, want one for each of its 5 mistakes at least", a)
		}
	}
}

// gojsonschema v1.2.0 does not know draft 2020-12: it accepts a 2020-12
// schema and silently ignores the keywords it does not know, so a document
// that breaks one passes. v6 reports it.
func TestGojsonschemaIgnores2020Keywords(t *testing.T) {
	raw := []byte(`{"$schema": "https://json-schema.org/draft/2020-12/schema",
		"properties": {"registrationAuthority": {"dependentRequired": {"provider": ["providerName"]}}},
		"prefixItems": [{"type": "string"}]}`)
	doc := map[string]any{"registrationAuthority": map[string]any{"provider": "external"}}
	if err := compileSanthosh(t, raw).Validate(doc); err == nil {
		t.Error("v6 passed a document missing a dependentRequired key")
	}
	r, err := compileGojsonschema(t, raw).Validate(gojsonschema.NewGoLoader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Valid() {
		t.Errorf("gojsonschema now checks dependentRequired (%v): update README's Built on", r.Errors())
	}
}

// BenchmarkValidate validates every document once per iteration.
func BenchmarkValidate(b *testing.B) {
	docs := documents(b)
	s6 := compileSanthosh(b, schema.ManifestV1)
	s6on07 := compileSanthosh(b, draft07(b))
	g := compileGojsonschema(b, draft07(b))
	b.Run("santhosh-tekuri-jsonschema-v6-draft2020-12", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, d := range docs {
				_ = s6.Validate(d)
			}
		}
	})
	b.Run("santhosh-tekuri-jsonschema-v6-draft-07-copy", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, d := range docs {
				_ = s6on07.Validate(d)
			}
		}
	})
	b.Run("xeipuuv-gojsonschema-v1.2.0-draft-07-copy", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, d := range docs {
				if _, err := g.Validate(gojsonschema.NewGoLoader(d)); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// BenchmarkCompile compiles the schema once per iteration (the cold start of
// a pre-commit run).
func BenchmarkCompile(b *testing.B) {
	b.Run("santhosh-tekuri-jsonschema-v6-draft2020-12", func(b *testing.B) {
		for b.Loop() {
			compileSanthosh(b, schema.ManifestV1)
		}
	})
	raw := draft07(b)
	b.Run("xeipuuv-gojsonschema-v1.2.0-draft-07-copy", func(b *testing.B) {
		for b.Loop() {
			compileGojsonschema(b, raw)
		}
	})
}
