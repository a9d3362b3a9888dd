package manifest

import (
	"strings"
	"testing"
)

// TestTagsAndEscapesThatDoNotFit: an explicit tag that does not fit its node
// (!!map on a list) and a quoted escape that makes a control character ("\0")
// are problems (ERS-SCHEMA-001) at the node, not values taken as written.
func TestTagsAndEscapesThatDoNotFit(t *testing.T) {
	tests := []struct {
		src, want string
		line, col int
	}{
		{"devices: !!map [1, 2]\n", "the tag !!map does not fit a list", 1, 10},
		{"governance: !!seq {dspt: x}\n", "the tag !!seq does not fit a mapping", 1, 13},
		{"devices: !!str [1]\n", "the tag !!str does not fit a list", 1, 10},
		{"stage: !!map live\n", "the tag !!map is for a collection, but this is a single value", 1, 8},
		{"governance: !!set {a: null}\n", "the tag !!set (YAML 1.1)", 1, 13},
		{"services: !!omap [a: 1]\n", "the tag !!omap (YAML 1.1)", 1, 11},
		{"metadata:\n  name: \"clinic\\0\"\n", "holds a NUL character U+0000, written as an escape", 2, 9},
		{"metadata:\n  name: \"\\u0000\"\n", "holds a NUL character U+0000", 2, 9},
		{"metadata:\n  name: \"a\\eb\"\n", "holds the control character U+001B", 2, 9},
		{"\"meta\\0data\": {}\n", "holds a NUL character U+0000", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			f := Parse("m.yaml", []byte(tt.src), Limits{})
			if f.Fatal != nil || len(f.Documents) != 1 {
				t.Fatalf("fatal %v, %d documents", f.Fatal, len(f.Documents))
			}
			var got []string
			for _, p := range f.Documents[0].Problems {
				got = append(got, p.Message)
				if strings.Contains(p.Message, tt.want) && (p.Line != tt.line || p.Column != tt.col) {
					t.Errorf("at %d:%d, want %d:%d", p.Line, p.Column, tt.line, tt.col)
				}
			}
			if len(got) != 1 || !strings.Contains(got[0], tt.want) {
				t.Errorf("problems %q, want one saying %q", got, tt.want)
			}
		})
	}
	// What fits stays quiet: the default tags written out, escapes of text.
	for _, src := range []string{"devices: !!seq [1]\n", "governance: !!map {a: 1}\n", "name: !!str x\n", "name: \"tab\\there, \\u00e9\"\n", "name: !custom [1]\n"} {
		if f := Parse("m.yaml", []byte(src), Limits{}); f.Fatal != nil || len(f.Documents[0].Problems) != 0 {
			t.Errorf("%q: fatal %v, problems %+v", src, f.Fatal, f.Documents[0].Problems)
		}
	}
}
