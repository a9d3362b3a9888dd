// Package delta compares two lint runs, the manifests as they were at a git
// revision and as they are now (--new-from-rev): which findings are new, and
// for each organisation what was resolved and what was introduced.
//
// A finding is matched across the runs by its fingerprint: the document's
// metadata.name, the rule ID and the finding's path in the document (a
// document with no name is named by file and position instead). Lines and
// files do not take part, so moving lines, reordering a file or renaming it
// changes nothing; messages do not either, as some quote lines and dates.
// Fingerprints are compared as multisets: a rule that reports two findings at
// one path where it reported one before has one new finding.
package delta

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
)

// Org is one organisation (a document) whose findings changed.
type Org struct {
	Name         string // metadata.name, else file#document
	Organisation string // organisation.name, when known
	File         string // where it is now; where it was when it is gone
	Before       map[finding.Severity]int
	After        map[finding.Severity]int
	Introduced   []finding.Finding // new findings, in report order
	Resolved     []finding.Finding // findings at the revision that are gone, as they were there
	Gone         bool              // not in the run any more (file deleted, or renamed)
}

// Result is the comparison.
type Result struct {
	Rev        string
	New        []finding.Finding // the current run's findings that are new, report order; waived ones too
	Orgs       []Org             // organisations with a change, by name
	Introduced int               // unsuppressed new findings
	Resolved   int               // unsuppressed findings at Rev that are gone
}

type docKey struct {
	file  string
	index int
}

// names maps each document of a run to the name its fingerprints use.
func names(rep *lint.Report) (map[docKey]string, map[string]lint.DocumentInfo) {
	byDoc := map[docKey]string{}
	info := map[string]lint.DocumentInfo{}
	for _, d := range rep.DocumentInfos {
		n := d.Name
		if n == "" {
			n = fmt.Sprintf("%s#%d", d.File, d.Index+1)
		}
		byDoc[docKey{d.File, d.Index}] = n
		if _, ok := info[n]; !ok {
			info[n] = d
		}
	}
	return byDoc, info
}

// Fingerprint is a finding's identity across revisions; name is its
// document's name (metadata.name, else file#document).
func Fingerprint(name string, f finding.Finding) string {
	return name + "\x00" + f.RuleID + "\x00" + f.Path.String()
}

func docName(byDoc map[docKey]string, f finding.Finding) string {
	if n, ok := byDoc[docKey{f.File, f.Document}]; ok {
		return n
	}
	return fmt.Sprintf("%s#%d", f.File, f.Document+1)
}

// Compare matches the findings of head (now) against base (at rev).
func Compare(rev string, base, head *lint.Report) *Result {
	baseDoc, baseInfo := names(base)
	headDoc, headInfo := names(head)

	// The fingerprints at rev, counted; suppressed findings are neither new
	// nor resolved when they change.
	remaining := map[string]int{}
	for _, f := range base.Findings {
		remaining[Fingerprint(docName(baseDoc, f), f)]++
	}
	res := &Result{Rev: rev}
	orgs := map[string]*Org{}
	org := func(name string) *Org {
		o, ok := orgs[name]
		if !ok {
			o = &Org{Name: name, Before: map[finding.Severity]int{}, After: map[finding.Severity]int{}}
			if d, ok := headInfo[name]; ok {
				o.Organisation, o.File = d.Organisation, d.File
			} else if d, ok := baseInfo[name]; ok {
				o.Organisation, o.File, o.Gone = d.Organisation, d.File, true
			}
			orgs[name] = o
		}
		return o
	}
	for _, f := range head.Findings {
		name := docName(headDoc, f)
		fp := Fingerprint(name, f)
		if remaining[fp] > 0 {
			remaining[fp]--
			continue
		}
		res.New = append(res.New, f)
		if !f.Suppressed() {
			o := org(name)
			o.Introduced = append(o.Introduced, f)
			res.Introduced++
		}
	}
	for _, f := range base.Findings {
		name := docName(baseDoc, f)
		fp := Fingerprint(name, f)
		if remaining[fp] == 0 {
			continue
		}
		remaining[fp]--
		if !f.Suppressed() {
			o := org(name)
			o.Resolved = append(o.Resolved, f)
			res.Resolved++
		}
	}
	// Before and after, for the organisations that changed.
	for _, f := range base.Findings {
		if o, ok := orgs[docName(baseDoc, f)]; ok && !f.Suppressed() {
			o.Before[f.Severity]++
		}
	}
	for _, f := range head.Findings {
		if o, ok := orgs[docName(headDoc, f)]; ok && !f.Suppressed() {
			o.After[f.Severity]++
		}
	}
	for _, o := range orgs {
		res.Orgs = append(res.Orgs, *o)
	}
	slices.SortFunc(res.Orgs, func(a, b Org) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.File, b.File))
	})
	return res
}

// Filter returns a copy of head that keeps only the new findings.
func (r *Result) Filter(head *lint.Report) *lint.Report {
	out := *head
	out.Findings = r.New
	return &out
}
