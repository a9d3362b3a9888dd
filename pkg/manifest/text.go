package manifest

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"sync"
	"unicode/utf8"
)

// binarySniff is how much of a file is searched for a NUL byte to call it
// binary, as git does: text never holds one, binary formats nearly always do
// near their start.
const binarySniff = 8000

// checkText refuses input that is not UTF-8 YAML text before the parser sees it,
// so that the message can say what is wrong and where: yaml.v3 reports a bad
// byte or a control character without its line.
func checkText(src []byte) *Problem {
	switch {
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE, 0, 0}), bytes.HasPrefix(src, []byte{0, 0, 0xFE, 0xFF}):
		return &Problem{Line: 1, Column: 1, Message: "file is UTF-32 text (it starts with a UTF-32 byte order mark); save it as UTF-8"}
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}), bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		return &Problem{Line: 1, Column: 1, Message: "file is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8"}
	case bytes.HasPrefix(src, []byte("\uFEFF\uFEFF")):
		// The parser drops one; the second would be read as part of the first key.
		return &Problem{Line: 1, Column: 1, Message: "file starts with two byte order marks; a UTF-8 file has at most one: remove the other"}
	case bytes.IndexByte(src[:min(len(src), binarySniff)], 0) >= 0:
		return &Problem{Line: 1, Column: 1, Message: "file holds NUL bytes: it is binary, or UTF-16 text without a byte order mark; a manifest is UTF-8 text"}
	}
	if yamlText(src) {
		return nil
	}
	return firstBadChar(src)
}

// firstBadChar is the problem with the first character of src that YAML does
// not allow, placed at its line and column; nil when there is none.
func firstBadChar(src []byte) *Problem {
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return &Problem{Line: line, Column: col, Message: fmt.Sprintf(
				"invalid UTF-8 byte 0x%02x: the file is not UTF-8 text (saved as Windows-1252 or Latin-1?); save it as UTF-8", src[i])}
		case r == 0:
			return &Problem{Line: line, Column: col, Message: "NUL byte: the file is binary, not YAML text"}
		case isBreak(r):
			if r == '\r' && i+1 < len(src) && src[i+1] == '\n' {
				size = 2
			}
			line, col = line+1, 1
		case i == 0 && r == '\uFEFF':
			// A UTF-8 byte order mark opening the file is allowed (YAML 1.2, 5.2);
			// the parser drops it and does not count it as a column.
		case !yamlChar(r):
			return &Problem{Line: line, Column: col, Message: fmt.Sprintf(
				"control character %U is not allowed in YAML; delete it", r)}
		default:
			col++
		}
		i += size
	}
	return nil
}

// printableASCII holds the ASCII bytes YAML allows in a stream: tab, the
// line breaks and the visible characters.
var printableASCII = func() (t [utf8.RuneSelf]bool) {
	for b := range utf8.RuneSelf {
		t[b] = yamlChar(rune(b))
	}
	return t
}()

// yamlText holds when every character of src is one YAML allows (yamlChar):
// checkText has nothing to report. It keeps no line and column, so the bytes
// of a manifest, nearly all ASCII, cost a table lookup each; only a file
// with a problem is read again to place it.
func yamlText(src []byte) bool {
	for i := 0; i < len(src); {
		if b := src[i]; b < utf8.RuneSelf {
			if !printableASCII[b] {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 || !yamlChar(r) {
			return false
		}
		i += size
	}
	return true
}

// isBreak reports a line break as yaml.v3 counts lines: CR, LF, NEL, LS and PS.
func isBreak(r rune) bool {
	return r == '\n' || r == '\r' || r == 0x85 || r == 0x2028 || r == 0x2029
}

// yamlChar reports a character YAML 1.2 allows in a stream (its c-printable).
func yamlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0x7E) || r == 0x85 ||
		(r >= 0xA0 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// position returns the 1-based line and column of byte offset end in src,
// counting lines and columns as yaml.v3 does (columns in characters).
func position(src []byte, end int) (line, col int) {
	line, col = 1, 1
	for i := 0; i < end && i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case isBreak(r):
			if r == '\r' && i+1 < len(src) && src[i+1] == '\n' {
				size = 2
			}
			line, col = line+1, 1
		case i == 0 && r == '\uFEFF':
		default:
			col++
		}
		i += size
	}
	return line, col
}

// countLines is the number of the last line that holds anything: a parse error
// past a final line break is shown on the line before it.
func countLines(src []byte) int {
	line, col := position(src, len(src))
	if col == 1 && line > 1 {
		line--
	}
	return line
}

// indentTab returns the column of a tab in the indentation of the given line, or 0.
func indentTab(src []byte, line int) int {
	for i, col := lineStart(src, line), 1; i < len(src); i, col = i+1, col+1 {
		switch src[i] {
		case ' ':
		case '\t':
			return col
		default:
			return 0
		}
	}
	return 0
}

// lineStart returns the byte offset where the given 1-based line starts, or
// len(src) when src has fewer lines.
func lineStart(src []byte, line int) int {
	l := 1
	for i := 0; i < len(src); {
		if l == line {
			return i
		}
		r, size := utf8.DecodeRune(src[i:])
		if isBreak(r) {
			if r == '\r' && i+1 < len(src) && src[i+1] == '\n' {
				size = 2
			}
			l++
		}
		i += size
	}
	return len(src)
}

// maxShown is how many characters of a value or key a message quotes: enough to
// recognise it, without copying a hostile megabyte into every report.
const maxShown = 60

// Quote returns s as a message shows it: in double quotes, with control and
// invisible characters escaped (a zero-width space in an ODS code must be
// seen), and cut to 60 characters.
func Quote(s string) string {
	if cut, n := Clip(s), utf8.RuneCountInString(s); cut != s {
		return strconv.Quote(cut) + fmt.Sprintf(" (%d characters)", n)
	}
	return strconv.Quote(s)
}

// Clip cuts s to 60 characters, marking the cut with an ellipsis.
func Clip(s string) string {
	n := 0
	for i := range s {
		if n == maxShown {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// yaml12Directive is a %YAML 1.2 directive line; yaml.v3 accepts only 1.1.
var yaml12Directive = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^\x{FEFF}?%YAML[ \t]+1\.2([ \t\r]|$)`) })

// acceptYAML12 lets a file declare YAML 1.2, the version erslint reads in
// (spec: booleans are true and false only, whatever the directive says): a
// "%YAML 1.2" directive of a document's prologue (at the start of the file,
// or after a "..." end marker) is read as the 1.1 yaml.v3 accepts. The text
// keeps its length, so every line and column stays where it is. src is not
// changed: a copy is.
func acceptYAML12(src []byte) []byte {
	// Running the pattern over every file was 15% of Parse in a profile of
	// the 10k corpus, and almost no file has a directive: look for one first.
	if !bytes.Contains(src, []byte("%YAML")) {
		return src
	}
	locs := yaml12Directive().FindAllIndex(src, -1)
	var out []byte
	for _, loc := range locs {
		if !inPrologue(src, loc[0]) {
			continue
		}
		if out == nil {
			out = bytes.Clone(src)
		}
		out[loc[0]+bytes.Index(src[loc[0]:loc[1]], []byte("1.2"))+2] = '1'
	}
	if out == nil {
		return src
	}
	return out
}

// inPrologue reports whether the line at off comes before any document
// content: only blank lines, comments and directives stand between it and the
// start of the file or a "..." line.
func inPrologue(src []byte, off int) bool {
	for off > 0 {
		start := bytes.LastIndexByte(src[:off-1], '\n') + 1
		line := bytes.TrimRight(bytes.TrimPrefix(src[start:off-1], []byte("\uFEFF")), "\r \t")
		switch {
		case bytes.Equal(line, []byte("...")):
			return true
		case len(line) == 0, line[0] == '#', line[0] == '%':
		default:
			return false
		}
		off = start
	}
	return true
}
