package manifest

import (
	"bytes"
	"errors"
	"io"
	"iter"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// treeNodes counts the nodes yaml.v3 builds for src (an alias is one node, not
// expanded), as far as it parses.
func treeNodes(src []byte) int {
	n := 0
	var count func(*yaml.Node)
	count = func(node *yaml.Node) {
		n++
		for _, c := range node.Content {
			count(c)
		}
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var node yaml.Node
		if err := decode(dec, &node); err != nil {
			if !errors.Is(err, io.EOF) {
				return n
			}
			return n
		}
		count(&node)
	}
}

// trickyNodes are texts where a count could fall short of the tree: empty
// values, implied collections, indicators without spaces, quotes and comments
// hiding flow indicators, explicit keys, anchors, tags and documents.
var trickyNodes = []string{
	"", "a", "- - - -\n", "-\n-\n-\n", "? a\n? b\n", "?\n:\n", "{a, b, c}\n", "{a,b,c}\n", "[a: b, c: d]\n",
	"{a}\n", "[[[[]]]]\n", "{: a}\n", "- ? a\n  : b\n", "a:\nb:\nc:\n", "a: &x [*x]\n", "!!str a: !!int 1\n",
	"---\n---\n---\n", "--- a\n--- b\n", "[\"a #\", 1, 1, 1, 1]\n", "'a''b': [1,2]\n", "{\"a\":1,\"b\":2}\n",
	"a: |\n  x, y, [z]\nb: [1, 2]\n", "# c\n[1, 2] # c, d\n", "- [a, [b, {c: d, e}], {}]\n", "a: [,]\n",
	"k: v\n...\n---\nk: v\n", "%YAML 1.2\n---\na: 1\n", "<<: {a: 1}\nb: 2\n", "[? a : b]\n", "{? a}\n",
	"- &a\n- *a\n", "a: !t\nb: &c\n", "[a, b, ]\n", "{a: , b: }\n", "- -\n  -\n",
	// A # that does not start a comment, or a comment that ends before the line does.
	"[\"a\n# b\", 1, 1, 1, 1]\n", "['a\n# b', 1, 1, 1, 1]\n", "a: b#c, [1, 1]\n", "[a #\u2028, 1, 1, 1]\n", "[a #\u0085, 1, 1]\n",
	"[a #\r1, 1, 1]\n", "a: |\n  # x\n  [1, 1, 1]\nb: [1, 1]\n", "[a#b, 1, 1]\n", "\"x # y\", [1, 1, 1]\n",
	"x[#b: [1, 1, 1, 1]\n", "x{#b: [1, 1, 1]\n", "x,#b: [1, 1]\n", "- x]#b: [1, 1]\n", "[a,#b, 1, 1]\n",
}

// The count before parsing is never below the nodes yaml.v3 builds, or a
// text could slip past it and cost the memory it is there to bound.
func TestNodeEstimateIsAnUpperBound(t *testing.T) {
	var srcs [][]byte
	for _, s := range trickyNodes {
		srcs = append(srcs, []byte(s))
	}
	for _, pattern := range []string{"examples/*.yaml", "examples/gaps/*.yaml", "testdata/*/*.yaml", "testdata/*/*.yml"} {
		names, _ := filepath.Glob(filepath.Join("..", "..", pattern))
		for _, name := range names {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			srcs = append(srcs, src)
		}
	}
	if len(srcs) < 60 {
		t.Fatalf("only %d texts to check", len(srcs))
	}
	for _, src := range srcs {
		est, _ := estimateNodes(src, DefaultLimits.MaxNodes)
		if nodes := treeNodes(src); est < nodes {
			t.Errorf("%q: estimate %d, below the %d nodes of its tree", clipBytes(src), est, nodes)
		}
	}
}

func clipBytes(b []byte) string { return Clip(string(b)) }

// A file of millions of short flow items (1.15 GB of tree for 10 MiB) is
// refused before it is parsed, with a located finding; a good manifest beside it
// under the same limits is read in full. Peak memory is measured by
// bench/dense-yaml.sh; BenchmarkParseDense reports the allocation.
func TestDenseFileIsRefusedBeforeParsing(t *testing.T) {
	dense := []byte("items: [" + strings.Repeat("a, ", (10<<20)/3-10) + "a]\n")
	f := Parse("dense.yaml", dense, DefaultLimits)
	if f.Fatal == nil || len(f.Documents) != 0 || f.Fatal.Line != 1 || f.Fatal.Column < 9 ||
		!strings.Contains(f.Fatal.Message, "file holds more than 500000 values (counted before parsing") {
		t.Fatalf("fatal %+v, %d documents; want the file refused at its place", f.Fatal, len(f.Documents))
	}
	good, err := os.ReadFile("../../examples/nhs-trust.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if g := Parse("good.yaml", good, DefaultLimits); g.Fatal != nil || len(g.Documents) != 1 {
		t.Fatalf("the good manifest: %+v", g.Fatal)
	}
}

func BenchmarkParseDense(b *testing.B) {
	for _, tt := range []struct{ name, src string }{
		{"flow", "items: [" + strings.Repeat("a, ", (10<<20)/3-10) + "a]\n"},
		{"block", "items:\n" + strings.Repeat("- a\n", (10<<20)/4-4)},
	} {
		b.Run(tt.name, func(b *testing.B) {
			src := []byte(tt.src)
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if f := Parse("dense.yaml", src, DefaultLimits); f.Fatal == nil {
					b.Fatal("not refused")
				}
			}
		})
	}
}

// mixedTexts yields n texts of 1 to most tokens each, drawn at random with
// the seed (the same texts every run).
func mixedTexts(seed uint64, n, most int, tokens []string) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		rng := rand.New(rand.NewPCG(seed, 2026))
		for range n {
			var b strings.Builder
			for range 1 + rng.IntN(most) {
				b.WriteString(tokens[rng.IntN(len(tokens))])
			}
			if !yield([]byte(b.String())) {
				return
			}
		}
	}
}

// The bound holds on many texts made of the tokens that matter to it, mixed
// at random (seeded: the same texts every run).
func TestNodeEstimateOnMixedTokens(t *testing.T) {
	tokens := []string{"a", "b", " ", "  ", "\n", "\r", "#", " #", "[", "]", "{", "}", ",", ":", ": ", "-", "- ", "?", "? ",
		"\"", "'", "*a", "&a ", "|", ">", "---", "...", "\t", "!t ", "\u2028", "\u0085", "1", "\ufeff"}
	for src := range mixedTexts(10, 20000, 24, tokens) {
		est, _ := estimateNodes(src, DefaultLimits.MaxNodes)
		if nodes := treeNodes(src); est < nodes {
			t.Fatalf("%q: estimate %d, below the %d nodes of its tree", src, est, nodes)
		}
	}
}

// No text counts more than maxPerByte a byte (and the document), so that a
// short file needs no count at all.
func TestNodeEstimatePerByte(t *testing.T) {
	tokens := []string{":", " :", "::", "?", "? ", "?:", "-", "- ", "-[", "?[", "[", "]", "{", ",", "---", "a", " ", "\n", "#", " #", "\u2028"}
	for src := range mixedTexts(11, 50000, 12, tokens) {
		if n, _ := estimateNodes(src, DefaultLimits.MaxNodes); n > maxPerByte*len(src)+1 {
			t.Fatalf("%q: %d counted for %d bytes, over %d a byte", src, n, len(src), maxPerByte)
		}
	}
}

// estimateNodes skips the inside of a word at once; estimateNodesByByte is
// the count one byte at a time it must equal, on any text.
func TestNodeEstimateSkipsWordsExactly(t *testing.T) {
	tokens := []string{"a", "bc", "-", "--", "---", "?", "#", " #", "a#b", "x:y", ": ", "[", "]", "{", "}", ",", " ", "\t",
		"\n", "\r", "\u0085", "\u2028", "\u2029", "\xC2", "\xE2\x80", "é", "→", "'", "\"", "# c\n"}
	check := func(src []byte) {
		for _, limit := range []int{0, 3, 10, DefaultLimits.MaxNodes} {
			n, over := estimateNodes(src, limit)
			wantN, wantOver := estimateNodesByByte(src, limit)
			if n != wantN || over != wantOver {
				t.Fatalf("%q, limit %d: (%d, %d), want (%d, %d)", src, limit, n, over, wantN, wantOver)
			}
		}
	}
	for src := range mixedTexts(7, 50000, 30, tokens) {
		check(src)
	}
	examples, err := filepath.Glob(filepath.Join("..", "..", "examples", "*.yaml"))
	if err != nil || len(examples) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, f := range examples {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		check(src)
	}
}

func estimateNodesByByte(src []byte, limit int) (n, over int) {
	over = -1
	word := 0 // length of the current word, in bytes
	add := func(k, at int) {
		n += k
		if n > limit && over < 0 {
			over = at
		}
	}
	endWord := func(at int) {
		switch {
		case word == 1 && src[at-1] == '-':
			add(1, at-1) // the list a first item implies, or an empty item
		case word == 1 && src[at-1] == '?':
			add(2, at-1) // the mapping, an empty key and an empty value
		}
		word = 0
	}
	add(1, 0) // the first document
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '#':
			// Only after a space or at the start of a line: in "a[#b: [1, 1]"
			// the # is part of a plain key, and the values after it count.
			if i == 0 || src[i-1] == ' ' || src[i-1] == '\t' || src[i-1] == '\n' || src[i-1] == '\r' {
				if end, ok := comment(src, i); ok {
					i = end - 1
					continue
				}
			}
			if word == 0 {
				add(1, i)
			}
			word++
		case ' ', '\t', '\n', '\r':
			endWord(i)
		case 0xEF:
			// A byte order mark at the start of a line is dropped by the
			// parser ("\uFEFF?" is a mapping with an empty key and value),
			// elsewhere it is text: any one ends the word before it, counts
			// as a word of its own, and what follows it starts another.
			if i+2 < len(src) && src[i+1] == 0xBB && src[i+2] == 0xBF {
				endWord(i)
				add(1, i)
				i += 2
				continue
			}
			if word == 0 {
				add(1, i)
			}
			word++
		case 0xC2, 0xE2:
			// NEL, LS and PS break lines for yaml.v3 too.
			if n := breakLen(src[i:]); n > 0 {
				endWord(i)
				i += n - 1
				continue
			}
			if word == 0 {
				add(1, i)
			}
			word++
		case '[', ']', '{', '}', ',':
			endWord(i)
			add(1, i)
		case ':':
			if word == 0 {
				add(1, i)
			}
			add(2, i) // an empty value, and the mapping a first key implies
			word++
		default:
			if word == 0 {
				add(1, i)
				if c == '-' && i+2 < len(src) && src[i+1] == '-' && src[i+2] == '-' {
					add(1, i) // "---": another document
				}
			}
			word++
		}
	}
	endWord(len(src))
	return n, over
}
