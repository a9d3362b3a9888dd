package lsp

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestPositions(t *testing.T) {
	text := "a: 1\r\nname: \"Llanfair — 😀 x\"\rlast: \tz\n"
	tests := []struct {
		off  int
		enc  string
		want Position
	}{
		{0, encUTF16, Position{0, 0}},
		{4, encUTF16, Position{0, 4}},                           // before \r\n: end of line 0
		{5, encUTF16, Position{0, 4}},                           // between \r and \n
		{6, encUTF16, Position{1, 0}},                           // after \r\n
		{strings.Index(text, "x"), encUTF16, Position{1, 21}},   // — is 1 unit, 😀 2
		{strings.Index(text, "x"), encUTF8, Position{1, 25}},    // — is 3 bytes, 😀 4
		{strings.Index(text, "last"), encUTF16, Position{2, 0}}, // a lone \r breaks a line
		{strings.Index(text, "z"), encUTF16, Position{2, 7}},    // a tab is one unit
		{len(text), encUTF16, Position{3, 0}},
	}
	for _, tt := range tests {
		if got := positionOf(text, tt.off, tt.enc); got != tt.want {
			t.Errorf("positionOf(%d, %s) = %+v, want %+v", tt.off, tt.enc, got, tt.want)
		}
		if tt.off == 5 {
			continue // not a character boundary of LSP's lines
		}
		if got := offsetOf(text, tt.want, tt.enc); got != tt.off {
			t.Errorf("offsetOf(%+v, %s) = %d, want %d", tt.want, tt.enc, got, tt.off)
		}
	}
	// Past the end of a line is its end; inside a surrogate pair is the character's start.
	if got := offsetOf(text, Position{0, 99}, encUTF16); got != 4 {
		t.Errorf("past the line end: %d, want 4", got)
	}
	emoji := strings.Index(text, "😀")
	if got := offsetOf(text, Position{1, 19}, encUTF16); got != emoji {
		t.Errorf("inside a surrogate pair: %d, want %d", got, emoji)
	}
}

// lintOffset counts lines and columns as erslint's findings do: yaml.v3's
// line breaks (which include U+0085, U+2028 and U+2029) and characters.
func TestLintOffset(t *testing.T) {
	text := "\uFEFFk: v\n— x: \"😀\" y\u2028z: 1\r\nw"
	tests := []struct {
		line, col int
		want      string // the text at the offset
	}{
		{1, 1, "k: v"},
		{2, 1, "— x"},
		{2, 3, "x: "},
		{2, 10, "y"},
		{3, 1, "z: 1"},
		{4, 1, "w"},
		{2, 99, "\u2028"}, // past the line's end: its end
	}
	for _, tt := range tests {
		off := lintOffset(text, tt.line, tt.col)
		if !strings.HasPrefix(text[off:], tt.want) {
			t.Errorf("lintOffset(%d, %d) = %d (%q), want at %q", tt.line, tt.col, off, text[off:], tt.want)
		}
	}
}

func TestApplyChange(t *testing.T) {
	text := "name: 😀 a\nb: c\n"
	got := applyChange(text, &Range{Position{0, 9}, Position{1, 1}}, "X", encUTF16)
	if want := "name: 😀 X: c\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// A reversed or out-of-range range is clamped, never a panic.
	got = applyChange(text, &Range{Position{9, 0}, Position{-1, 4}}, "Z", encUTF16)
	if want := "Z"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := applyChange(text, nil, "full", encUTF8); got != "full" {
		t.Errorf("full sync: %q", got)
	}
}

func TestCursorAt(t *testing.T) {
	doc := "stage: pl|\norganisation:\n  type: |\nwaivers:\n  - rule: ERS-|\n    pa|th: x\n- |\naccess:\n  authentication:\n    - |\n  authentication:\n  - cis2\n  - |\ngovernance:\n  dspt:\n\n    |\n"
	marks := strings.Split(doc, "|")
	text := strings.Join(marks, "")
	want := []cursor{
		{path: []string{"stage"}, inValue: true, prefix: "pl"},
		{path: []string{"organisation", "type"}, inValue: true},
		{path: []string{"waivers", "[]", "rule"}, inValue: true, prefix: "ERS-"},
		{path: []string{"waivers", "[]", "path"}, onKey: true},
		{path: []string{"waivers", "[]"}, inValue: true, listItem: true}, // a list at the key's own column
		{path: []string{"access", "authentication", "[]"}, inValue: true, listItem: true},
		{path: []string{"access", "authentication", "[]"}, inValue: true, listItem: true},
		{path: []string{"governance", "dspt"}},
	}
	off := 0
	for i, w := range want {
		off += len(marks[i])
		got := cursorAt(text, off)
		if !reflect.DeepEqual(got, w) {
			t.Errorf("cursor %d: got %+v, want %+v", i, got, w)
		}
	}
}

func TestReader(t *testing.T) {
	in := "Content-Length: 2\r\n\r\n{}" +
		"Content-Length: 30\r\n\r\n" + strings.Repeat("x", 30) +
		"content-length: 4\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\nnull" +
		"Content-Type: x\r\n\r\n"
	r := newReader(strings.NewReader(in), 10)
	if b, err := r.read(); err != nil || string(b) != "{}" {
		t.Fatalf("first: %q %v", b, err)
	}
	if _, err := r.read(); !errors.Is(err, errTooLarge) {
		t.Fatalf("over the limit: %v, want errTooLarge", err)
	}
	if b, err := r.read(); err != nil || string(b) != "null" {
		t.Fatalf("after a skipped message: %q %v", b, err)
	}
	if _, err := r.read(); err == nil || errors.Is(err, io.EOF) {
		t.Fatalf("no Content-Length: %v, want an error", err)
	}
}
