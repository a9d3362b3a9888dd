package manifest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/manifest/manifesttest"
)

// fuzzLimits are lower than the defaults so that each input is quick and the
// limits themselves are crossed often.
var fuzzLimits = Limits{MaxFileBytes: 1 << 20, MaxDocuments: 50, MaxNodes: 20_000, MaxDepth: 32}

// FuzzParse: reading any bytes never panics and gives the same result twice;
// every problem is at a real place (1-based, within the file); the data is plain
// JSON; and looking up any path, existing or not, never panics and never points
// before line 1.
func FuzzParse(f *testing.F) {
	manifesttest.AddSeeds(f, "../..")
	for _, s := range []string{"", "a: 1\n", "a: &x [*x]\n", "<<: *y\n", "- a\n---\n- b\n", "\ufeffa: 1\r\n", "a:\n\t- x\n", "k: 0x_\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		// A hang is a bug too: crash, so that the fuzzer keeps the input.
		watchdog := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("parse of %q took over 10s", src)) })
		defer watchdog.Stop()
		file := Parse("f.yaml", src, fuzzLimits)
		// The count before parsing bounds the tree, or a text could slip past it.
		if est, over := estimateNodes(src, fuzzLimits.MaxNodes); over < 0 {
			if nodes := treeNodes(src); est < nodes {
				t.Fatalf("node estimate %d is below the %d nodes of the tree", est, nodes)
			}
		}
		lines := countLines(src) + 1 // a problem may sit just past the last line break
		check := func(what string, p Problem) {
			if p.Line < 1 || p.Column < 1 || p.Line > lines || p.Message == "" {
				t.Fatalf("%s at %d:%d of %d lines: %q", what, p.Line, p.Column, lines, p.Message)
			}
		}
		if file.Fatal != nil {
			check("fatal problem", *file.Fatal)
		}
		if file.Fatal == nil && len(file.Documents) == 0 {
			t.Fatal("no document and no problem")
		}
		// The same bytes read the same way: a report must not change between runs.
		again := Parse("f.yaml", src, fuzzLimits)
		if !reflect.DeepEqual(again.Fatal, file.Fatal) || len(again.Documents) != len(file.Documents) {
			t.Fatalf("a second reading differs: %+v, %d documents; first %+v, %d documents", again.Fatal, len(again.Documents), file.Fatal, len(file.Documents))
		}
		for i, d := range again.Documents {
			if !reflect.DeepEqual(d.Problems, file.Documents[i].Problems) || !reflect.DeepEqual(d.Data, file.Documents[i].Data) {
				t.Fatalf("document %d: a second reading differs", i)
			}
		}
		for _, d := range file.Documents {
			if d.Line < 1 {
				t.Fatalf("document %d starts at line %d", d.Index, d.Line)
			}
			for _, p := range d.Problems {
				check("problem", p)
			}
			if _, err := json.Marshal(d.Data); err != nil {
				t.Fatalf("data is not plain JSON: %v", err)
			}
			_ = d.Stage()
			for _, p := range probePaths(d.Data) {
				for what, pos := range map[string]func(finding.Path) (int, int){"Position": d.Position, "KeyPosition": d.KeyPosition} {
					if line, col := pos(p); line < 1 || col < 1 {
						t.Fatalf("%s(%s) = %d:%d", what, p, line, col)
					}
				}
				if loc := d.Locate(p); loc.Found && loc.Node == nil {
					t.Fatalf("Locate(%s) found no node", p)
				}
			}
		}
	})
}

// probePaths returns paths into data that exist, and paths that do not: one
// step too far, an index out of range or negative, a key where a list is, and
// elements of types a path never holds.
func probePaths(data any) []finding.Path {
	var out []finding.Path
	var walk func(v any, p finding.Path)
	walk = func(v any, p finding.Path) {
		if len(out) > 200 {
			return
		}
		out = append(out, p,
			append(slices.Clone(p), "missing"), append(slices.Clone(p), -1), append(slices.Clone(p), 1<<30), append(slices.Clone(p), 0),
			append(slices.Clone(p), 1.5), append(slices.Clone(p), nil))
		switch v := v.(type) {
		case map[string]any:
			for k, child := range v {
				walk(child, append(slices.Clone(p), k))
			}
		case []any:
			for i, child := range v {
				walk(child, append(slices.Clone(p), i))
			}
		}
	}
	walk(data, nil)
	return out
}
