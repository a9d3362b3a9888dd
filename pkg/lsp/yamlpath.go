package lsp

import "strings"

// The editor features work on a document as it is typed, which is often not
// YAML yet: where the cursor is in the manifest is read from the indentation
// of the lines above it, not from a parse.

// entity is a list item marker ("-") or a mapping key on a line, at a byte column.
type entity struct {
	col  int
	dash bool
	key  string
}

// entities reads the list markers and the key of one line; end is the byte
// column where the key's value starts (-1 when the line has no key).
func entities(line string) (es []entity, valueAt int) {
	valueAt = -1
	i := 0
	for {
		for i < len(line) && line[i] == ' ' {
			i++
		}
		if i >= len(line) || line[i] == '#' {
			return es, valueAt
		}
		if line[i] == '-' && (i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t') {
			if strings.HasPrefix(line[i:], "---") {
				return es, valueAt
			}
			es = append(es, entity{col: i, dash: true})
			i++
			continue
		}
		rest := line[i:]
		k := strings.Index(rest, ": ")
		if k < 0 && strings.HasSuffix(strings.TrimRight(rest, " \t"), ":") {
			k = len(strings.TrimRight(rest, " \t")) - 1
		}
		if k <= 0 || strings.ContainsAny(rest[:k], "#{}[],") {
			return es, valueAt
		}
		key := strings.Trim(rest[:k], `"'`)
		es = append(es, entity{col: i, key: key})
		return es, i + k + 1
	}
}

// cursor is where a position is in a manifest: the path of keys leading to it
// ("[]" for a list item), and whether it is on the last key or in its value.
type cursor struct {
	path    []string
	onKey   bool   // on the key itself (hover shows its description)
	inValue bool   // after the key's colon (completion offers its values)
	prefix  string // the value typed so far, before the cursor
	// listItem is set when the value is a list item ("- |" under a key).
	listItem bool
}

// cursorAt reads the path at byte offset off of text.
func cursorAt(text string, off int) cursor {
	start := off
	for start > 0 && text[start-1] != '\n' && text[start-1] != '\r' {
		start--
	}
	line := text[start:lineEnd(text, start)]
	col := off - start
	es, valueAt := entities(line)
	var c cursor
	var chain []entity
	for _, e := range es {
		if e.col <= col {
			chain = append(chain, e)
		}
	}
	if len(chain) > 0 {
		last := chain[len(chain)-1]
		switch {
		case last.dash:
			c.listItem = true
			c.inValue = true
			c.prefix = strings.TrimSpace(line[last.col+1 : col])
		case valueAt >= 0 && col >= valueAt:
			c.inValue = true
			c.prefix = strings.TrimLeft(line[valueAt:col], " ")
		default:
			c.onKey = true
		}
	} else if strings.TrimSpace(line[:col]) == "" {
		// An empty line, or the indentation of one: a new key under the
		// nearest parent with less indentation.
		chain = []entity{{col: col, key: ""}}
	}
	// The ancestors: up the lines, the nearest entity each time that holds
	// the one found last.
	need, needDash := -1, false
	if len(chain) > 0 {
		need, needDash = chain[0].col, chain[0].dash
	}
	var up []entity
	for i := start; (need > 0 || needDash) && i > 0; {
		j := i - 1 // the break before line i
		if j > 0 && text[j] == '\n' && text[j-1] == '\r' {
			j--
		}
		ls := j
		for ls > 0 && text[ls-1] != '\n' && text[ls-1] != '\r' {
			ls--
		}
		i = ls
		l := text[ls:j]
		if strings.HasPrefix(l, "---") || strings.HasPrefix(l, "...") {
			break
		}
		les, _ := entities(l)
		for k := len(les) - 1; k >= 0; k-- {
			e := les[k]
			// A key holds what is more indented, and a list at its own
			// column; a list item holds what is more indented.
			if e.col < need || (!e.dash && needDash && e.col == need) {
				up = append(les[:k+1:k+1], up...)
				need, needDash = les[0].col, les[0].dash
				break
			}
		}
	}
	for _, e := range append(up, chain...) {
		if e.dash {
			c.path = append(c.path, "[]")
		} else if e.key != "" {
			c.path = append(c.path, e.key)
		}
	}
	return c
}
