package lsp

import (
	"strings"
	"unicode/utf8"
)

// Position and Range are LSP's: a zero-based line and a character offset in
// the negotiated encoding's code units.
type Position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type Range struct {
	Start Position `json:"start"`
	End   Position `json:"end"`
}

// Position encodings the server speaks (LSP 3.17 PositionEncodingKind).
const (
	encUTF16 = "utf-16"
	encUTF8  = "utf-8"
)

// units is the length of r in the encoding's code units.
func units(r rune, size int, enc string) int {
	if enc == encUTF8 {
		return size
	}
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// lspBreak is the length of the LSP line break at text[i] (\n, \r\n or \r), or 0.
func lspBreak(text string, i int) int {
	switch text[i] {
	case '\n':
		return 1
	case '\r':
		if i+1 < len(text) && text[i+1] == '\n' {
			return 2
		}
		return 1
	}
	return 0
}

// lineStart is the byte offset where LSP line n starts; len(text) past the end.
func lineStart(text string, n int) int {
	i := 0
	for line := 0; line < n; line++ {
		j := i
		for j < len(text) && lspBreak(text, j) == 0 {
			j++
		}
		if j >= len(text) {
			return len(text)
		}
		i = j + lspBreak(text, j)
	}
	return i
}

// lineEnd is the byte offset where the line starting at i ends (before its break).
func lineEnd(text string, i int) int {
	for i < len(text) && lspBreak(text, i) == 0 {
		i++
	}
	return i
}

// offsetOf turns an LSP position into a byte offset of text, clamped to the
// line (a character past its end is its end) and to the text; a position in
// the middle of a character is that character's start.
func offsetOf(text string, p Position, enc string) int {
	if p.Line < 0 {
		return 0
	}
	i := lineStart(text, p.Line)
	end := lineEnd(text, i)
	for n := 0; i < end && n < p.Character; {
		r, size := utf8.DecodeRuneInString(text[i:])
		if n+units(r, size, enc) > p.Character {
			break
		}
		n += units(r, size, enc)
		i += size
	}
	return i
}

// positionOf turns a byte offset of text into an LSP position.
func positionOf(text string, off int, enc string) Position {
	off = min(max(off, 0), len(text))
	var p Position
	for i := 0; i < off; {
		if b := lspBreak(text, i); b > 0 {
			if i+b > off { // between \r and \n: the end of the line
				break
			}
			p.Line++
			p.Character = 0
			i += b
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		p.Character += units(r, size, enc)
		i += size
	}
	return p
}

// lintOffset is the byte offset of a finding's 1-based line and column as
// erslint counts them (pkg/manifest: yaml.v3's lines, which also break at
// U+0085, U+2028 and U+2029, and columns in characters, a leading byte order
// mark not counted), clamped to the line.
func lintOffset(text string, line, col int) int {
	l, c := 1, 1
	i := 0
	if strings.HasPrefix(text, "\uFEFF") {
		i = len("\uFEFF") // a byte order mark: not a column
	}
	for i < len(text) {
		if l == line && c == col {
			return i
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n' || r == '\r' || r == 0x85 || r == 0x2028 || r == 0x2029:
			if l == line {
				return i // a column past the line's end: its end
			}
			if r == '\r' && i+1 < len(text) && text[i+1] == '\n' {
				size = 2
			}
			l, c = l+1, 1
		default:
			c++
		}
		i += size
	}
	return len(text)
}

// tokenEnd is where the YAML token starting at byte offset i ends, for a
// diagnostic's range: a key at its colon, a flow item at its comma or
// bracket, else the line's content before a comment and trailing blanks.
func tokenEnd(text string, i int) int {
	end := lineEnd(text, i)
	s := text[i:end]
	if c := strings.Index(s, " #"); c >= 0 {
		s = s[:c]
	}
	if strings.HasPrefix(s, "- ") || s == "-" {
		return i + len(strings.TrimRight(s, " \t"))
	}
	if s != "" && s[0] != '"' && s[0] != '\'' && s[0] != '{' && s[0] != '[' {
		if k := strings.Index(s, ": "); k > 0 {
			return i + k
		}
		if strings.HasSuffix(s, ":") {
			return i + len(s) - 1
		}
	}
	return i + len(strings.TrimRight(s, " \t"))
}

// applyChange applies one didChange content change: the whole text when rng
// is nil, else the range replaced.
func applyChange(text string, rng *Range, newText, enc string) string {
	if rng == nil {
		return newText
	}
	start := offsetOf(text, rng.Start, enc)
	end := offsetOf(text, rng.End, enc)
	if end < start {
		start, end = end, start
	}
	return text[:start] + newText + text[end:]
}
