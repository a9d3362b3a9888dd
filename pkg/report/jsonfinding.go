package report

import (
	"slices"
	"strconv"
	"unicode/utf8"
)

// appendFinding appends f as JSON.Write's findings array holds it: the bytes
// encoding/json writes for it (two-space indent under a four-space prefix,
// HTML unescaped), written out by hand because a report of a large repository
// is mostly findings and encoding/json spends most of a warm run on them
// (reflection, then indenting what it wrote). A finding with a waiver is
// left to encoding/json (false).
func appendFinding(b []byte, f *jsonFinding) ([]byte, bool) {
	return appendFindingAt(b, f, "    ")
}

// appendFindingAt is appendFinding for a finding whose closing brace is at
// indent (its fields two spaces further in).
func appendFindingAt(b []byte, f *jsonFinding, indent string) ([]byte, bool) {
	if f.Waiver != nil {
		return b, false
	}
	b = append(b, '{')
	b = appendKey(b, indent, "ruleId")
	b = appendJSONString(b, f.RuleID)
	b = append(b, ',')
	b = appendKey(b, indent, "severity")
	b = appendJSONString(b, f.Severity)
	b = append(b, ',')
	b = appendKey(b, indent, "message")
	b = appendJSONString(b, f.Message)
	b = append(b, ',')
	b = appendKey(b, indent, "file")
	b = appendJSONString(b, f.File)
	b = append(b, ',')
	b = appendKey(b, indent, "line")
	b = strconv.AppendInt(b, int64(f.Line), 10)
	b = append(b, ',')
	b = appendKey(b, indent, "column")
	b = strconv.AppendInt(b, int64(f.Column), 10)
	b = append(b, ',')
	b = appendKey(b, indent, "document")
	b = strconv.AppendInt(b, int64(f.Document), 10)
	b = append(b, ',')
	b = appendKey(b, indent, "path")
	b = appendJSONString(b, f.Path)
	b = append(b, ',')
	b = appendKey(b, indent, "suppressed")
	b = strconv.AppendBool(b, f.Suppressed)
	if f.BaselineState != "" {
		b = append(b, ',')
		b = appendKey(b, indent, "baselineState")
		b = appendJSONString(b, string(f.BaselineState))
	}
	b = append(b, '\n')
	b = append(b, indent...)
	return append(b, '}'), true
}

// appendKey starts a member of an object whose closing brace is at indent:
// a new line, the indent and two spaces more, the key (plain ASCII) and ": ".
func appendKey(b []byte, indent, key string) []byte {
	b = append(b, '\n')
	b = append(b, indent...)
	b = append(b, "  \""...)
	b = append(b, key...)
	return append(b, "\": "...)
}

// appendOrganisation appends o as JSON.Write's organisations array holds it,
// the bytes encoding/json writes for it (map keys sorted), as appendFinding.
func appendOrganisation(b []byte, o *jsonOrganisation) []byte {
	return append(appendOrganisationFields(b, o), "\n    }"...)
}

// appendOrganisationFields is appendOrganisation without its closing brace,
// for an object that holds more (a forecast's document).
func appendOrganisationFields(b []byte, o *jsonOrganisation) []byte {
	const sep = ",\n      \""
	b = append(b, "{\n      \"file\": "...)
	b = appendJSONString(b, o.File)
	b = append(b, sep+"document\": "...)
	b = strconv.AppendInt(b, int64(o.Document), 10)
	b = append(b, sep+"name\": "...)
	b = appendJSONString(b, o.Name)
	b = append(b, sep+"organisation\": "...)
	b = appendJSONString(b, o.Organisation)
	b = append(b, sep+"type\": "...)
	b = appendJSONString(b, o.Type)
	b = append(b, sep+"stage\": "...)
	b = appendJSONString(b, o.Stage)
	b = append(b, sep+"counts\": "...)
	b = appendCounts(b, o.Counts, "      ")
	b = append(b, sep+"suppressed\": "...)
	b = strconv.AppendInt(b, int64(o.Suppressed), 10)
	b = append(b, sep+"areas\": "...)
	switch {
	case o.Areas == nil:
		b = append(b, "null"...)
	case len(o.Areas) == 0:
		b = append(b, "{}"...)
	default:
		b = append(b, '{')
		keys := make([]string, 0, 16)
		for k := range o.Areas {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n        "...)
			b = appendJSONString(b, k)
			b = append(b, ": "...)
			b = appendCounts(b, o.Areas[k], "        ")
		}
		b = append(b, "\n      }"...)
	}
	b = append(b, sep+"verdict\": "...)
	b = appendJSONString(b, o.Verdict)
	b = append(b, sep+"nextVerdictChange\": "...)
	if c := o.NextVerdictChange; c != nil {
		b = append(b, "{\n        \"date\": "...)
		b = appendJSONString(b, c.Date)
		b = append(b, ",\n        \"verdict\": "...)
		b = appendJSONString(b, c.Verdict)
		b = append(b, "\n      }"...)
	} else {
		b = append(b, "null"...)
	}
	return b
}

// appendCounts appends c as an object whose closing brace is at indent.
func appendCounts(b []byte, c jsonCounts, indent string) []byte {
	b = append(b, "{\n  "...)
	b = append(b, indent...)
	b = append(b, "\"errors\": "...)
	b = strconv.AppendInt(b, int64(c.Errors), 10)
	b = append(b, ",\n  "...)
	b = append(b, indent...)
	b = append(b, "\"warnings\": "...)
	b = strconv.AppendInt(b, int64(c.Warnings), 10)
	b = append(b, ",\n  "...)
	b = append(b, indent...)
	b = append(b, "\"infos\": "...)
	b = strconv.AppendInt(b, int64(c.Infos), 10)
	b = append(b, '\n')
	b = append(b, indent...)
	return append(b, '}')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as encoding/json encodes a string with HTML
// escaping off: quotes, backslashes and control characters escaped, invalid
// UTF-8 as U+FFFD, and U+2028 and U+2029 escaped (JavaScript's line ends).
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
