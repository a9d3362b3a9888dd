package lint

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"maps"
	"reflect"
	"slices"

	"github.com/erslint/erslint/pkg/finding"
)

// The cache's entries (cached.go) in bytes: self-contained (texts written
// out, not numbered in a run's strtab), and read back with every number and
// length checked, as what is read from disk is never trusted.

var errEntry = errors.New("cache entry is not well formed")

type encoder struct{ b []byte }

func (e *encoder) uint(v uint64)  { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) int(v int)      { e.b = binary.AppendVarint(e.b, int64(v)) }
func (e *encoder) str(s string)   { e.uint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) bool(v bool)    { e.b = append(e.b, btoi(v)) }
func (e *encoder) bytes(p []byte) { e.uint(uint64(len(p))); e.b = append(e.b, p...) }

func btoi(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// findings encodes findings of file; false when one does not fit (another
// file, or a path element neither key nor index): such a file is not cached.
func (e *encoder) findings(file string, fs []finding.Finding) bool {
	e.uint(uint64(len(fs)))
	for _, f := range fs {
		if f.File != file {
			return false
		}
		e.str(f.RuleID)
		e.str(f.Message)
		e.int(f.Line)
		e.int(f.Column)
		e.int(f.Document)
		e.int(int(f.Severity))
		if !e.path(f.Path) {
			return false
		}
		e.bool(f.Waiver != nil)
		if w := f.Waiver; w != nil {
			if w.File != file {
				return false
			}
			e.str(w.Reason)
			e.str(w.ApprovedBy)
			e.str(w.Expires)
			e.int(w.Line)
		}
	}
	return true
}

// path writes a finding's path, each element marked as text (s) or index
// (i); false for an element of another type.
func (e *encoder) path(p finding.Path) bool {
	e.uint(uint64(len(p)))
	for _, el := range p {
		switch v := el.(type) {
		case string:
			e.b = append(e.b, 's')
			e.str(v)
		case int:
			e.b = append(e.b, 'i')
			e.int(v)
		default:
			return false
		}
	}
	return true
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail() { d.err, d.b = errEntry, nil }

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length, at most what the rest of the entry could hold.
func (d *decoder) count() int {
	v := d.uint()
	if v > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(v)
}

func (d *decoder) int() int {
	v, n := binary.Varint(d.b)
	if n <= 0 || v != int64(int(v)) {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

func (d *decoder) raw() []byte {
	n := d.count()
	if d.err != nil {
		return nil
	}
	p := d.b[:n:n]
	d.b = d.b[n:]
	return p
}

func (d *decoder) str() string { return string(d.raw()) }

func (d *decoder) bool() bool {
	if len(d.b) == 0 || d.b[0] > 1 {
		d.fail()
		return false
	}
	v := d.b[0] == 1
	d.b = d.b[1:]
	return v
}

// findings decodes what encoder.findings wrote for file.
// path reads what encoder.path wrote; nil for an empty path.
func (d *decoder) path() finding.Path {
	elems := d.count()
	if elems == 0 {
		return nil
	}
	p := make(finding.Path, 0, elems)
	for range elems {
		if len(d.b) == 0 {
			d.fail()
			return p
		}
		kind := d.b[0]
		d.b = d.b[1:]
		switch kind {
		case 's':
			p = append(p, d.str())
		case 'i':
			p = append(p, d.int())
		default:
			d.fail()
		}
	}
	return p
}

func (d *decoder) findings(file string) []finding.Finding {
	n := d.count()
	fs := make([]finding.Finding, 0, n)
	for range n {
		if d.err != nil {
			return nil
		}
		f := finding.Finding{File: file, RuleID: d.str(), Message: d.str(), Line: d.int(), Column: d.int(), Document: d.int()}
		f.Severity = finding.Severity(d.int())
		if f.Severity < 0 || f.Severity > finding.Error || f.Line < 0 || f.Column < 0 || f.Document < 0 {
			d.fail()
		}
		f.Path = d.path()
		if d.bool() {
			f.Waiver = &finding.Waiver{Reason: d.str(), ApprovedBy: d.str(), Expires: d.str(), File: file, Line: d.int()}
		}
		fs = append(fs, f)
	}
	if d.err != nil {
		return nil
	}
	return fs
}

// encodeWaivers writes a document's waivers as JSON, when JSON gives them
// back exactly (their values are JSON's: strings, json.Number, ...).
func encodeWaivers(w any) ([]byte, bool) {
	if w == nil {
		return nil, true
	}
	b, err := json.Marshal(w)
	if err != nil {
		return nil, false
	}
	back, err := decodeWaivers(b)
	if err != nil || !reflect.DeepEqual(back, w) {
		return nil, false
	}
	return b, true
}

func decodeWaivers(b []byte) (any, error) {
	if len(b) == 0 {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if v == nil {
		return nil, errEntry
	}
	return v, nil
}

// evaluation writes one of a plan's evaluations; false when a part's path
// does not encode.
func (e *encoder) evaluation(ev Evaluation) bool {
	e.str(ev.AsOf)
	e.int(int(ev.Stage))
	e.bool(ev.Parts != nil)
	e.uint(uint64(len(ev.Parts)))
	for _, p := range ev.Parts {
		if !e.path(p) {
			return false
		}
	}
	e.bool(ev.Rules != nil)
	e.uint(uint64(len(ev.Rules)))
	for _, r := range ev.Rules {
		e.str(r)
	}
	return true
}

func (d *decoder) evaluation() Evaluation {
	ev := Evaluation{AsOf: d.str(), Stage: finding.Stage(d.int())}
	if ev.Stage < 0 || ev.Stage > finding.Live {
		d.fail()
	}
	if d.bool() {
		ev.Parts = []finding.Path{}
	}
	for range d.count() {
		if d.err != nil {
			break
		}
		ev.Parts = append(ev.Parts, d.path())
	}
	if d.bool() {
		ev.Rules = []string{}
	}
	for range d.count() {
		if d.err != nil {
			break
		}
		ev.Rules = append(ev.Rules, d.str())
	}
	return ev
}

// dated reads what docState.encodeDated wrote for file.
func (d *decoder) dated(file string) []datedState {
	n := d.count()
	var out []datedState
	for range n {
		ds := datedState{ev: d.evaluation(), parts: d.bool()}
		ds.findings, ds.prev = d.findings(file), d.findings(file)
		if d.err != nil {
			return nil
		}
		out = append(out, ds)
	}
	return out
}

// optFindings writes findings of file as findings does, and whether they
// were nil, which a report may tell from none.
func (e *encoder) optFindings(file string, fs []finding.Finding) bool {
	e.bool(fs != nil)
	return e.findings(file, fs)
}

func (d *decoder) optFindings(file string) []finding.Finding {
	set := d.bool()
	fs := d.findings(file)
	if !set {
		if len(fs) > 0 {
			d.fail()
		}
		return nil
	}
	return fs
}

// evaluated writes a document's plan evaluations as decided.
func (e *encoder) evaluated(file string, evs []Evaluated) bool {
	e.uint(uint64(len(evs)))
	for _, ev := range evs {
		if !e.evaluation(ev.Evaluation) || !e.optFindings(file, ev.Findings) ||
			!e.optFindings(file, ev.Appear) || !e.optFindings(file, ev.Clear) {
			return false
		}
		e.bool(ev.Counts != nil)
		e.uint(uint64(len(ev.Counts)))
		for _, sev := range slices.Sorted(maps.Keys(ev.Counts)) {
			e.int(int(sev))
			e.int(ev.Counts[sev])
		}
	}
	return true
}

func (d *decoder) evaluated(file string) []Evaluated {
	n := d.count()
	var out []Evaluated
	for range n {
		ev := Evaluated{Evaluation: d.evaluation()}
		ev.Findings, ev.Appear, ev.Clear = d.optFindings(file), d.optFindings(file), d.optFindings(file)
		if d.bool() {
			ev.Counts = map[finding.Severity]int{}
		}
		for range d.count() {
			sev, c := finding.Severity(d.int()), d.int()
			if sev < 0 || sev > finding.Error || ev.Counts == nil {
				d.fail()
			}
			if d.err != nil {
				return nil
			}
			ev.Counts[sev] = c
		}
		if d.err != nil {
			return nil
		}
		out = append(out, ev)
	}
	return out
}
