package report

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Reports quote what a manifest, a file name or a custom policy gives them, so
// every such text is hostile: written raw, an ESC sequence or a carriage return
// can erase a finding's line on a terminal and print a fake one, and Markdown
// in a pull-request comment can link, load an image, or notify someone. The
// functions here neutralise that; the formats call them on every text they
// did not write themselves.

// oneLine makes s safe to print as part of one line of a terminal or a log: a
// control character (C0, DEL, C1), a line or paragraph separator, a
// bidirectional override (which can reorder what a reader sees) and an invalid
// UTF-8 byte are written as Go escapes (\x1b, \r, \n, \u202e). Other text is
// unchanged.
func oneLine(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || unsafeRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80 && unsafeRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unsafeRune reports a character that changes how a line is shown rather than
// being shown.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f: // C0 (tab and line breaks too), DEL, C1
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidirectional embeddings, overrides and isolates
		return true
	}
	return false
}

// Markdown escapes. Messages quote the manifest, so they may hold anything:
// a | would end a table cell, a newline the table row, <...> would be read as
// HTML, [...](...) as a link and ![...](...) as an image, and *, _, ` and ~
// would change the formatting. The backslash is escaped first of all, so an
// escape in the text stays text.
var (
	mdEscapes = []string{
		`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "~", `\~`,
		"&", "&amp;", "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`,
	}
	mdCellReplacer   = strings.NewReplacer(append(append([]string{}, mdEscapes...), "\r\n", "<br>", "\n", "<br>", "\r", "<br>")...)
	mdInlineReplacer = strings.NewReplacer(append(append([]string{}, mdEscapes...), "\r\n", " ", "\n", " ", "\r", " ")...)
	// GitHub turns bare URLs, www. addresses, @mentions and e-mail addresses
	// into links (and a mention notifies its user) after the Markdown is parsed,
	// so a backslash cannot stop it: a word joiner (U+2060, invisible) breaks
	// the pattern instead.
	mdAutolink = regexp.MustCompile(`(?i)(:)(//)|(\bwww)(\.)|(@)(\w)`)
)

// mdCell escapes text for a table cell, keeping line breaks as <br>.
func mdCell(s string) string { return mdDefuse(oneLine(mdCellReplacer.Replace(s))) }

// mdText escapes text for a heading or a line of prose, where a line break would
// end it: breaks become spaces.
func mdText(s string) string { return mdDefuse(oneLine(mdInlineReplacer.Replace(s))) }

// mdDefuse breaks the patterns GitHub links by itself.
func mdDefuse(s string) string {
	if !strings.ContainsAny(s, ":.@") {
		return s
	}
	return mdAutolink.ReplaceAllString(s, "$1$3$5\u2060$2$4$6")
}
