package manifest

import "fmt"

// yaml.v3 builds a document's whole node tree before erslint can count its
// values, at about 300 bytes a node: a 10 MiB file of short flow items
// ("[a, a, a, ...") made 3.5 million nodes and took 1.15 GB before the
// --max-nodes check could refuse it. So the text is counted first, in one
// pass and no allocation, and a file that may hold more values than
// --max-nodes is refused before the parser sees it.
//
// The count is an upper bound of the nodes yaml.v3 can build, never below it,
// so that no text can slip past it: it does not track quotes or block scalars
// (a mistake there could hide values), it counts every word of them instead,
// and it skips a comment only when that cannot hide a value (see comment). Each node of the tree has a word of its own (a scalar, an alias), or
// an opening bracket, or is the empty value or the implied collection that an
// indicator (":", "-", "?", ",", a closing bracket) stands for; and each
// document has a root. So the count is: words, plus flow indicators, plus
// two a colon (an empty value, and the mapping a first key implies), plus one
// more for a word that is only "-" and two for "?", plus one a document. For a real
// manifest it is about twice the number of nodes (the examples: 2.0
// times), so --max-nodes (500,000) refuses no real file: a
// large trust's manifest holds about 2,000 values.

// estimateNodes returns the upper bound of the nodes of src, and the byte
// offset where it first passes limit (-1 if it never does).
func estimateNodes(src []byte, limit int) (n, over int) {
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
			for i+1 < len(src) && src[i+1] == ' ' {
				i++ // indentation: a space after a space counts nothing
			}
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
			// The rest of the word at once: most of a file is the inside of
			// words, and a byte that only lengthens one counts nothing.
			j := i + 1
			for j < len(src) && inWord[src[j]] {
				j++
			}
			word += j - i
			i = j - 1
		}
	}
	endWord(len(src))
	return n, over
}

// inWord holds for the bytes that, inside a word, only make it longer: all but
// the breaks and spaces that end it, the indicators that count, and the first
// bytes of NEL, LS, PS and the byte order mark. A # inside a word follows no
// space, so it starts no comment.
var inWord = func() (t [256]bool) {
	for i := range t {
		t[i] = true
	}
	for _, c := range []byte(" \t\n\r[]{},:\xC2\xE2\xEF") {
		t[c] = false
	}
	return t
}()

// comment returns the end of the comment that starts at src[i], a # after a
// space or at the start of a line, when skipping it cannot hide a node: when the rest of its
// line holds no quote. A # inside a quoted scalar does not start a comment, and
// the scalar could close later on the line and be followed by values; but
// without a quote, the rest of the line is a comment or the inside of a
// scalar, which holds no node either way. The line ends at any break yaml.v3
// counts (CR, LF, NEL, LS, PS): it stops at the first byte that may start one.
func comment(src []byte, i int) (end int, ok bool) {
	for end = i; end < len(src); end++ {
		switch src[end] {
		case '\n', '\r', 0xC2, 0xE2:
			return end, true
		case '"', '\'':
			return 0, false
		}
	}
	return end, true
}

// breakLen is the length of the NEL, LS or PS that b starts with, or 0.
func breakLen(b []byte) int {
	switch {
	case len(b) >= 2 && b[0] == 0xC2 && b[1] == 0x85:
		return 2
	case len(b) >= 3 && b[0] == 0xE2 && b[1] == 0x80 && (b[2] == 0xA8 || b[2] == 0xA9):
		return 3
	}
	return 0
}

// maxPerByte bounds what estimateNodes counts for one byte: a colon that
// starts a word counts 3 (the word, an empty value, the mapping), nothing
// counts more; with the document's root, a text of n bytes counts at most
// 3n+1 (TestNodeEstimatePerByte).
const maxPerByte = 3

// checkDensity refuses src before it is parsed when it may hold more nodes
// than lim.MaxNodes, at the place where the count passes the limit.
func checkDensity(src []byte, lim Limits) *Problem {
	if len(src) <= (lim.MaxNodes-1)/maxPerByte {
		return nil // too short to pass the limit, whatever it holds
	}
	_, over := estimateNodes(src, lim.MaxNodes)
	if over < 0 {
		return nil
	}
	line, col := position(src, over)
	return &Problem{Line: line, Column: col, Message: fmt.Sprintf(
		"file holds more than %d values (counted before parsing, as words, list items, keys and brackets; the limit is passed here); "+
			"split it into smaller files (or raise --max-nodes)", lim.MaxNodes)}
}
