package refdata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// decodeDocument reads src into d. The whole register is 250,000
// organisations: encoding/json took over a second and twice the memory, so
// the document is read by this scanner, written for its one shape. It refuses
// what encoding/json with DisallowUnknownFields would (unknown or repeated
// keys, wrong types, trailing data); Check then checks the values.
func decodeDocument(src []byte, d *Document) error {
	s := &scanner{src: src, intern: map[string]string{}, roleSets: map[string][]string{}}
	if err := s.document(d); err != nil {
		return err
	}
	s.space()
	if s.i != len(s.src) {
		return s.fail("data after the document")
	}
	return nil
}

type scanner struct {
	src []byte
	i   int
	// intern keeps one copy of each role code and date: 250,000
	// organisations share a few hundred of them.
	intern map[string]string
	// roleSets keeps one copy of each list of roles, which organisations
	// of a kind share.
	roleSets map[string][]string
	buf      []byte
	// text and slab hold the names, codes and organisations in large
	// blocks: one allocation per block instead of three per organisation,
	// which the garbage collector would scan one by one.
	text []byte
	slab []Organisation
}

// keep copies b into the scanner's text block and returns it as a string.
// A block is only ever appended to, so the strings made from it never change.
func (s *scanner) keep(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if cap(s.text)-len(s.text) < len(b) {
		s.text = make([]byte, 0, max(1<<20, len(b)))
	}
	start := len(s.text)
	s.text = append(s.text, b...)
	return unsafe.String(&s.text[start], len(b))
}

// newOrganisation hands out the next organisation of the slab.
func (s *scanner) newOrganisation() *Organisation {
	if len(s.slab) == cap(s.slab) {
		s.slab = make([]Organisation, 0, 4096)
	}
	s.slab = s.slab[:len(s.slab)+1]
	return &s.slab[len(s.slab)-1]
}

// syntaxError places a problem at its byte offset.
type syntaxError struct {
	offset int
	msg    string
}

func (e *syntaxError) Error() string { return fmt.Sprintf("%s (at byte %d)", e.msg, e.offset) }

func (s *scanner) fail(format string, args ...any) error {
	return &syntaxError{offset: s.i, msg: fmt.Sprintf(format, args...)}
}

func (s *scanner) space() {
	for s.i < len(s.src) {
		switch s.src[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *scanner) expect(c byte) error {
	s.space()
	if s.i >= len(s.src) || s.src[s.i] != c {
		return s.fail("expected %q", c)
	}
	s.i++
	return nil
}

// peek is the next byte after spaces, 0 at the end.
func (s *scanner) peek() byte {
	s.space()
	if s.i >= len(s.src) {
		return 0
	}
	return s.src[s.i]
}

// object calls field for each key of an object; field refuses a repeated key
// (see once).
func (s *scanner) object(field func(key []byte) error) error {
	if err := s.expect('{'); err != nil {
		return err
	}
	if s.peek() == '}' {
		s.i++
		return nil
	}
	for {
		s.space()
		key, err := s.rawString()
		if err != nil {
			return err
		}
		if err := s.expect(':'); err != nil {
			return err
		}
		if err := field(key); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			return nil
		default:
			return s.fail("expected , or }")
		}
	}
}

// rawString reads a string and returns its text, unescaped; the slice is valid
// until the next call.
func (s *scanner) rawString() ([]byte, error) {
	if s.i >= len(s.src) || s.src[s.i] != '"' {
		return nil, s.fail("expected a string")
	}
	start := s.i + 1
	for j := start; j < len(s.src); j++ {
		c := s.src[j]
		switch {
		case c == '"':
			s.i = j + 1
			if !utf8.Valid(s.src[start:j]) {
				return nil, s.fail("string is not UTF-8")
			}
			return s.src[start:j], nil
		case c == '\\':
			return s.escapedString(start)
		case c < 0x20:
			return nil, s.fail("control character in a string")
		}
	}
	return nil, s.fail("unterminated string")
}

// escapedString reads a string holding escapes with encoding/json, rarely
// needed (names are plain text).
func (s *scanner) escapedString(start int) ([]byte, error) {
	for j := start; j < len(s.src); j++ {
		switch s.src[j] {
		case '\\':
			j++
		case '"':
			var out string
			if err := json.Unmarshal(s.src[start-1:j+1], &out); err != nil {
				return nil, s.fail("bad string: %v", err)
			}
			s.i = j + 1
			s.buf = append(s.buf[:0], out...)
			return s.buf, nil
		}
	}
	return nil, s.fail("unterminated string")
}

func (s *scanner) str() (string, error) {
	s.space()
	b, err := s.rawString()
	return string(b), err
}

// nullableShared reads a string or null, interning the string.
func (s *scanner) nullableShared() (string, error) {
	if s.peek() == 'n' {
		return "", s.null()
	}
	b, err := s.rawString()
	if err != nil {
		return "", err
	}
	if len(b) == 0 {
		return "", s.fail("empty string: write null")
	}
	if v, ok := s.intern[string(b)]; ok {
		return v, nil
	}
	v := string(b)
	s.intern[v] = v
	return v, nil
}

func (s *scanner) null() error {
	if len(s.src)-s.i >= 4 && string(s.src[s.i:s.i+4]) == "null" {
		s.i += 4
		return nil
	}
	return s.fail("expected a string or null")
}

// strings reads an array of strings, interned.
func (s *scanner) strings() ([]string, error) {
	if err := s.expect('['); err != nil {
		return nil, err
	}
	out := []string{}
	if s.peek() == ']' {
		s.i++
		return out, nil
	}
	for {
		if s.peek() != '"' {
			return nil, s.fail("expected a string")
		}
		v, err := s.nullableShared()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		switch s.peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			return out, nil
		default:
			return nil, s.fail("expected , or ]")
		}
	}
}

// once marks bit in seen, failing when it was already set: a key given twice
// is refused, not read as its last value.
func (s *scanner) once(seen *uint8, bit uint8, key []byte) error {
	if *seen&bit != 0 {
		return s.fail("key %q is repeated", key)
	}
	*seen |= bit
	return nil
}

// keyBit numbers the keys of an object, for once.
func keyBit(keys []string, key []byte) uint8 {
	for i, k := range keys {
		if k == string(key) {
			return 1 << i
		}
	}
	return 0
}

var (
	documentKeys     = []string{"format", "source", "extracted", "covers", "organisations"}
	organisationKeys = []string{"name", "roles", "primaryRole", "opened", "closed", "successor"}
)

// roleSet reads a list of roles, sharing the list with every organisation
// that has the same: a list already met, written the same way, is not read
// again.
func (s *scanner) roleSet() ([]string, error) {
	s.space()
	start := s.i
	if end := bytes.IndexByte(s.src[start:], ']'); end > 0 {
		if shared, ok := s.roleSets[string(s.src[start:start+end+1])]; ok {
			s.i = start + end + 1
			return shared, nil
		}
	}
	roles, err := s.strings()
	if err != nil {
		return nil, err
	}
	s.roleSets[string(s.src[start:s.i])] = roles
	return roles, nil
}

func (s *scanner) document(d *Document) error {
	var seen uint8
	return s.object(func(key []byte) error {
		if bit := keyBit(documentKeys, key); bit != 0 {
			if err := s.once(&seen, bit, key); err != nil {
				return err
			}
		}
		var err error
		switch string(key) {
		case "format":
			d.Format, err = s.str()
		case "source":
			d.Source, err = s.str()
		case "extracted":
			d.Extracted, err = s.str()
		case "covers":
			d.Covers, err = s.strings()
		case "organisations":
			// As many entries as names, give or take: the map is made once.
			d.Organisations = make(map[string]*Organisation, bytes.Count(s.src[s.i:], []byte(`"name"`)))
			err = s.organisations(d.Organisations)
		default:
			return s.fail("unknown key %q", key)
		}
		return err
	})
}

func (s *scanner) organisations(orgs map[string]*Organisation) error {
	return s.object(func(b []byte) error {
		if _, dup := orgs[string(b)]; dup {
			return s.fail("organisation %s is listed twice", strconv.Quote(string(b)))
		}
		code := s.keep(b)
		if s.peek() == 'n' {
			return s.fail("organisation %s is null", code)
		}
		o := s.newOrganisation()
		if err := s.organisation(o); err != nil {
			return err
		}
		orgs[code] = o
		return nil
	})
}

// organisation reads one organisation: the loop of object, written out, as
// a closure per organisation cost an allocation each.
func (s *scanner) organisation(o *Organisation) error {
	if err := s.expect('{'); err != nil {
		return err
	}
	if s.peek() == '}' {
		s.i++
		return nil
	}
	var seen uint8
	for {
		s.space()
		key, err := s.rawString()
		if err != nil {
			return err
		}
		if err := s.expect(':'); err != nil {
			return err
		}
		if bit := keyBit(organisationKeys, key); bit != 0 {
			if err := s.once(&seen, bit, key); err != nil {
				return err
			}
		}
		switch string(key) {
		case "name":
			s.space()
			var b []byte
			b, err = s.rawString()
			o.Name = s.keep(b)
		case "roles":
			o.Roles, err = s.roleSet()
		case "primaryRole":
			o.PrimaryRole, err = s.nullableShared()
		case "opened":
			o.Opened, err = s.nullableShared()
		case "closed":
			o.Closed, err = s.nullableShared()
		case "successor":
			o.Successor, err = s.nullableShared()
		default:
			return s.fail("unknown key %q", key)
		}
		if err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			return nil
		default:
			return s.fail("expected , or }")
		}
	}
}
