package lint

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/erslint/erslint/pkg/finding"
)

// A report's findings, as a slice of structs, were the largest thing a run
// held: 2.2 million findings of 100,000 small broken files took 250 MB as
// structs, plus their paths, and the peak was 724 MiB. Decided, a file's
// findings are sorted and packed (pack.go) into one pointer-free byte slice;
// the reports read them back a file at a time, in report order (Each,
// EachFile), so a run's memory holds a file's findings unpacked at a time,
// not the run's.

// packedReport holds a report's findings a file at a time, in report order,
// with their counts.
type packedReport struct {
	tab        *strtab
	files      []packedFile
	raw        map[int][]finding.Finding // by index in files: findings that do not fit the packing, as they are
	n          int
	counts     map[finding.Severity]int // unsuppressed, by severity
	suppressed int
	// mixed is set when a finding names another file than the document it
	// was found in: the files' order is then not the report's.
	mixed bool
	// scratch is where a file's findings are packed before they are copied
	// to a slice of their size.
	scratch []byte
}

// packedFile is one file's findings, sorted, packed in b; nil b: in raw.
type packedFile struct {
	name string
	b    []byte
}

// newPackedReport is an empty packedReport of at most files files.
func newPackedReport(tab *strtab, files int) *packedReport {
	return &packedReport{tab: tab, counts: map[finding.Severity]int{}, files: make([]packedFile, 0, files),
		raw: map[int][]finding.Finding{}}
}

// add keeps fs, the findings of file (which follows the files added before),
// sorting them first.
func (p *packedReport) add(file string, fs []finding.Finding) {
	if len(fs) == 0 {
		return
	}
	finding.Sort(fs)
	for _, f := range fs {
		if f.Suppressed() {
			p.suppressed++
		} else {
			p.counts[f.Severity]++
		}
		p.mixed = p.mixed || f.File != file
	}
	p.n += len(fs)
	if b, ok := appendFindings(p.scratch[:0], p.tab, file, fs, true); ok {
		p.scratch = b
		p.files = append(p.files, packedFile{name: file, b: bytes.Clone(b)})
		return
	}
	p.raw[len(p.files)] = slices.Clone(fs)
	p.files = append(p.files, packedFile{name: file})
}

// read returns the findings of the i-th file, unpacked.
func (p *packedReport) read(i int) ([]finding.Finding, error) {
	f := p.files[i]
	if f.b == nil {
		return p.raw[i], nil
	}
	r := unpacker{b: f.b, tab: p.tab}
	fs, err := r.findings(f.name, true)
	if err == nil && len(r.b) != 0 {
		err = errCorrupt
	}
	if err != nil {
		return nil, fmt.Errorf("%s: the report's findings: %w", f.name, err)
	}
	return fs, nil
}

// NumFindings is the number of findings of the report, suppressed ones
// included.
func (r *Report) NumFindings() int {
	if r.packed != nil {
		return r.packed.n
	}
	return len(r.Findings)
}

// EachFile calls fn with the findings of each file that has any, a file at a
// time, in report order; start is the index of fs[0] among all the report's
// findings. fn may keep fs. The first error fn returns ends the walk and is
// returned.
func (r *Report) EachFile(fn func(start int, fs []finding.Finding) error) error {
	if r.packed == nil {
		for start := 0; start < len(r.Findings); {
			end := start + 1
			for end < len(r.Findings) && r.Findings[end].File == r.Findings[start].File {
				end++
			}
			if err := fn(start, r.Findings[start:end:end]); err != nil {
				return err
			}
			start = end
		}
		return nil
	}
	start := 0
	for i := range r.packed.files {
		fs, err := r.packed.read(i)
		if err != nil {
			return err
		}
		if err := fn(start, fs); err != nil {
			return err
		}
		start += len(fs)
	}
	return nil
}

// Each calls fn with each finding of the report in report order, and its
// index, reading packed findings a file at a time (EachFile).
func (r *Report) Each(fn func(i int, f finding.Finding) error) error {
	return r.EachFile(func(start int, fs []finding.Finding) error {
		for j, f := range fs {
			if err := fn(start+j, f); err != nil {
				return err
			}
		}
		return nil
	})
}

// Unpacked is the report with every finding in Findings, for what needs them
// all at once (a baseline, a delta, the look-ahead, the dashboard): r itself
// when they are there already, else a copy. r is not changed.
func (r *Report) Unpacked() (*Report, error) {
	if r.packed == nil {
		return r, nil
	}
	all := make([]finding.Finding, 0, r.packed.n)
	err := r.EachFile(func(_ int, fs []finding.Finding) error {
		all = append(all, fs...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if r.packed.mixed {
		finding.Sort(all)
	}
	out := *r
	out.Findings, out.packed = all, nil
	return &out, nil
}

// Packed reports whether the findings are packed (Options.PackFindings):
// Findings is then nil, and Each, EachFile or Unpacked read them.
func (r *Report) Packed() bool { return r.packed != nil }

// counts is Counts of packed findings.
func (p *packedReport) countsCopy() map[finding.Severity]int { return maps.Clone(p.counts) }

// FileFindings is the findings of one file, in report order; nil when it has
// none. Packed, only that file's are read.
func (r *Report) FileFindings(file string) ([]finding.Finding, error) {
	if r.packed == nil {
		var out []finding.Finding
		for _, f := range r.Findings {
			if f.File == file {
				out = append(out, f)
			}
		}
		return out, nil
	}
	i, ok := slices.BinarySearchFunc(r.packed.files, file, func(f packedFile, name string) int { return strings.Compare(f.name, name) })
	if !ok {
		return nil, nil
	}
	return r.packed.read(i)
}

// WithFindings is a copy of the report that holds fs as its findings
// (sorted), unpacked, for a report of some of them (a delta's new ones).
func (r *Report) WithFindings(fs []finding.Finding) *Report {
	out := *r
	out.Findings, out.packed = fs, nil
	return &out
}
