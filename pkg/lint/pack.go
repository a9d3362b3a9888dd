package lint

import (
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
	mu   sync.Mutex
	ids  map[string]uint64
	strs []string
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
	b = binary.AppendUvarint(b, uint64(len(fs)))
	for _, f := range fs {
		if f.File != file || f.Waiver != nil {
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
	}
	return b, true
}

var errCorrupt = errors.New("packed findings are corrupt")

// packedCount is how many findings b holds (0 when b is nil), within what b
// can hold (each finding takes bytes of its own).
func packedCount(b []byte) int {
	n, size := binary.Uvarint(b)
	if size <= 0 {
		return 0
	}
	return int(min(n, uint64(len(b))))
}

// unpackFindings decodes what packFindings encoded for file.
func unpackFindings(tab *strtab, file string, b []byte) ([]finding.Finding, error) {
	r := unpacker{b: b, tab: tab}
	n := r.uvarint()
	if r.err != nil || n > uint64(len(b)) {
		return nil, errCorrupt
	}
	fs := make([]finding.Finding, 0, n)
	for range n {
		f := finding.Finding{File: file, RuleID: r.string(), Message: r.string()}
		f.Line, f.Column, f.Document = int(r.varint()), int(r.varint()), int(r.varint())
		f.Severity = finding.Severity(r.varint())
		elems := r.uvarint()
		if elems > uint64(len(r.b)) {
			return nil, errCorrupt
		}
		if elems > 0 {
			f.Path = make(finding.Path, 0, elems)
		}
		for range elems {
			switch r.byte() {
			case 's':
				f.Path = append(f.Path, r.string())
			case 'i':
				f.Path = append(f.Path, int(r.varint()))
			default:
				r.err = errCorrupt
			}
		}
		if r.err != nil {
			return nil, r.err
		}
		fs = append(fs, f)
	}
	if len(r.b) != 0 {
		return nil, errCorrupt
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
