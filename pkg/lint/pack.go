package lint

import (
	"bytes"
	"encoding/binary"
	"errors"
	"sync"

	"github.com/erslint/erslint/pkg/finding"
)

// A run keeps every document's findings until the cross-manifest checks are
// done and the report is sorted. Kept as structs, each finding is five or six
// small objects (its message, its path and the path's elements) that every
// garbage collection must mark again, and on 100,000 manifests marking them
// made the run a third slower than linear. Packed, a document's findings are one
// pointer-free byte slice the collector does not scan, and half the memory.
//
// The texts of findings repeat across documents (the same rule, the same
// missing field: 720,000 findings of 30,000 small broken files hold about 50
// distinct messages), so a run keeps each distinct text once, in a strtab, and
// a packed finding refers to it by number; unpacked findings share it too. A
// run's memory then grows with its findings by a few bytes each, plus what is
// distinct in them.

// strtab holds each distinct text of a run's packed findings once. It is safe
// for concurrent use.
type strtab struct {
	mu    sync.Mutex
	ids   map[string]uint64
	strs  []string
	boxed []any // strs as path elements, once one is read back as one: a path read back allocates none of its keys
}

func newStrtab() *strtab { return &strtab{ids: map[string]uint64{}} }

// id is the number of s, adding it when it is new.
func (t *strtab) id(s string) uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if id, ok := t.ids[s]; ok {
		return id
	}
	id := uint64(len(t.strs))
	t.ids[s] = id
	t.strs = append(t.strs, s)
	t.boxed = append(t.boxed, nil) // most texts are messages, never path elements
	return id
}

// str is the text numbered id.
func (t *strtab) str(id uint64) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if id >= uint64(len(t.strs)) {
		return "", false
	}
	return t.strs[id], true
}

// packFindings encodes the findings of one document of file, as lintDocument
// makes them: with no waiver yet, and paths of keys and indexes.
// ok is false when one does not fit that shape; the caller keeps them as they are.
func packFindings(tab *strtab, file string, fs []finding.Finding) (b []byte, ok bool) {
	b, ok = appendFindings(make([]byte, 0, 256), tab, file, fs, false)
	return bytes.Clone(b), ok // kept until the run ends: without the room appending left
}

// appendFindings appends to b the count of fs then each finding of fs, all of
// file; waived says whether a finding may carry a waiver (of file), which
// takes a byte more each.
func appendFindings(b []byte, tab *strtab, file string, fs []finding.Finding, waived bool) ([]byte, bool) {
	b = binary.AppendUvarint(b, uint64(len(fs)))
	for _, f := range fs {
		if f.File != file || f.Waiver != nil && (!waived || f.Waiver.File != file) {
			return nil, false
		}
		b = binary.AppendUvarint(b, tab.id(f.RuleID))
		b = binary.AppendUvarint(b, tab.id(f.Message))
		b = binary.AppendVarint(b, int64(f.Line))
		b = binary.AppendVarint(b, int64(f.Column))
		b = binary.AppendVarint(b, int64(f.Document))
		b = binary.AppendVarint(b, int64(f.Severity)) // the schema's findings have theirs already
		b = binary.AppendUvarint(b, uint64(len(f.Path)))
		for _, el := range f.Path {
			switch v := el.(type) {
			case string:
				b = append(b, 's')
				b = binary.AppendUvarint(b, tab.id(v))
			case int:
				b = append(b, 'i')
				b = binary.AppendVarint(b, int64(v))
			default:
				return nil, false
			}
		}
		if !waived {
			continue
		}
		if w := f.Waiver; w == nil {
			b = append(b, 0)
		} else {
			b = append(b, 1)
			b = binary.AppendUvarint(b, tab.id(w.Reason))
			b = binary.AppendUvarint(b, tab.id(w.ApprovedBy))
			b = binary.AppendUvarint(b, tab.id(w.Expires))
			b = binary.AppendVarint(b, int64(w.Line))
		}
	}
	return b, true
}

var errCorrupt = errors.New("packed findings are corrupt")

// unpackFindings decodes what packFindings encoded for file.
func unpackFindings(tab *strtab, file string, b []byte) ([]finding.Finding, error) {
	r := unpacker{b: b, tab: tab}
	fs, err := r.findings(file, false)
	if err == nil && len(r.b) != 0 {
		err = errCorrupt
	}
	return fs, err
}

// findings reads what appendFindings appended for file, with waived as
// given to it. A file's paths share one backing array.
func (r *unpacker) findings(file string, waived bool) ([]finding.Finding, error) {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		return nil, errCorrupt
	}
	fs := make([]finding.Finding, 0, n)
	var elems []any
	for range n {
		f := finding.Finding{File: file, RuleID: r.string(), Message: r.string()}
		f.Line, f.Column, f.Document = int(r.varint()), int(r.varint()), int(r.varint())
		f.Severity = finding.Severity(r.varint())
		k := r.uvarint()
		if k > uint64(len(r.b)) {
			return nil, errCorrupt
		}
		if k > 0 {
			if uint64(cap(elems)-len(elems)) < k {
				elems = make([]any, 0, max(k, uint64(len(r.b)/8))) // a guess at the rest: a finding takes more than 8 bytes
			}
			start := len(elems)
			for range k {
				switch r.byte() {
				case 's':
					elems = append(elems, r.boxed())
				case 'i':
					elems = append(elems, int(r.varint()))
				default:
					r.err = errCorrupt
				}
			}
			f.Path = finding.Path(elems[start:len(elems):len(elems)])
		}
		if waived {
			switch r.byte() {
			case 0:
			case 1:
				f.Waiver = &finding.Waiver{Reason: r.string(), ApprovedBy: r.string(), Expires: r.string(), File: file, Line: int(r.varint())}
			default:
				r.err = errCorrupt
			}
		}
		if r.err != nil {
			return nil, r.err
		}
		fs = append(fs, f)
	}
	return fs, nil
}

// unpacker reads packed findings; the first error sticks.
type unpacker struct {
	b   []byte
	tab *strtab
	err error
}

func (r *unpacker) uvarint() uint64 { return decodeNext(r, binary.Uvarint) }
func (r *unpacker) varint() int64   { return decodeNext(r, binary.Varint) }

// decodeNext reads one number with decode (binary.Uvarint or binary.Varint).
func decodeNext[T uint64 | int64](r *unpacker, decode func([]byte) (T, int)) T {
	v, n := decode(r.b)
	if n <= 0 {
		r.err, r.b = errCorrupt, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *unpacker) byte() byte {
	if len(r.b) == 0 {
		r.err = errCorrupt
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// boxed is string, as a path element.
func (r *unpacker) boxed() any {
	id := r.uvarint()
	if r.err != nil {
		return ""
	}
	r.tab.mu.Lock()
	defer r.tab.mu.Unlock()
	if id >= uint64(len(r.tab.boxed)) {
		r.err, r.b = errCorrupt, nil
		return ""
	}
	if r.tab.boxed[id] == nil {
		r.tab.boxed[id] = r.tab.strs[id]
	}
	return r.tab.boxed[id]
}

func (r *unpacker) string() string {
	id := r.uvarint()
	if r.err != nil {
		return ""
	}
	s, ok := r.tab.str(id)
	if !ok {
		r.err, r.b = errCorrupt, nil
	}
	return s
}
