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
//
// A finding is the same across the runs only when it is waived the same way in
// both: not at all, or by a waiver with the same reason, approver and expiry
// (where the waiver is written does not count). So a finding waived at the
// revision and active now (its waiver deleted, narrowed or expired) is new, and
// so is a finding whose waiver changed: a changed waiver is an exception
// nobody has accepted yet, so for the gate it does not suppress the finding
// (Result.New holds it unwaived, its message saying why). A waiver added to a
// finding that was active at the revision resolves that finding: the PR
// removes a failure the revision had, as a full lint says.
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
	New        []finding.Finding // the current run's findings that are new, report order; waived ones too, unwaived when their waiver changed
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

// waiverKey is how a finding is waived, for matching: "" when it is not.
func waiverKey(w *finding.Waiver) string {
	if w == nil {
		return ""
	}
	return "waived\x00" + w.Reason + "\x00" + w.ApprovedBy + "\x00" + w.Expires
}

// changedWaiver is a finding waived now by a waiver other than the one that
// waived it at rev: unwaived, so that the gate counts it, and saying why.
func changedWaiver(rev string, f finding.Finding, was *finding.Waiver) finding.Finding {
	now := f.Waiver
	var diff []string
	if was.Expires != now.Expires {
		diff = append(diff, fmt.Sprintf("expires %s, was %s", quoteOr(now.Expires), quoteOr(was.Expires)))
	}
	if was.Reason != now.Reason {
		diff = append(diff, fmt.Sprintf("reason %q, was %q", now.Reason, was.Reason))
	}
	if was.ApprovedBy != now.ApprovedBy {
		diff = append(diff, fmt.Sprintf("approved by %s, was %s", quoteOr(now.ApprovedBy), quoteOr(was.ApprovedBy)))
	}
	f.Message = fmt.Sprintf("%s (waived at %s, but the waiver on line %d changed since: %s; a changed waiver is new, "+
		"so it does not suppress the finding for --new-from-rev until the change is merged)",
		f.Message, rev, now.Line, strings.Join(diff, "; "))
	f.Waiver = nil
	return f
}

func quoteOr(s string) string {
	if s == "" {
		return "(none)"
	}
	return fmt.Sprintf("%q", s)
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

	// The fingerprints at rev with how each is waived, counted.
	remaining := map[string]int{}
	for _, f := range base.Findings {
		remaining[Fingerprint(docName(baseDoc, f), f)+"\x00"+waiverKey(f.Waiver)]++
	}
	// A finding waived now that matches none at rev: when the same finding
	// was waived at rev by another waiver, its waiver changed.
	var fresh []finding.Finding
	for _, f := range head.Findings {
		fp := Fingerprint(docName(headDoc, f), f) + "\x00" + waiverKey(f.Waiver)
		if remaining[fp] > 0 {
			remaining[fp]--
			continue
		}
		fresh = append(fresh, f)
	}
	waivedAt := map[string][]*finding.Waiver{} // unmatched findings waived at rev, by fingerprint
	for _, f := range base.Findings {
		fp := Fingerprint(docName(baseDoc, f), f)
		if f.Waiver != nil && remaining[fp+"\x00"+waiverKey(f.Waiver)] > 0 {
			remaining[fp+"\x00"+waiverKey(f.Waiver)]--
			waivedAt[fp] = append(waivedAt[fp], f.Waiver)
		}
	}
	var rewaived []finding.Finding // the findings whose waiver changed, as the gate counts them
	for i, f := range fresh {
		fp := Fingerprint(docName(headDoc, f), f)
		if was := waivedAt[fp]; f.Waiver != nil && len(was) > 0 {
			fresh[i] = changedWaiver(rev, f, was[0])
			waivedAt[fp] = was[1:]
			rewaived = append(rewaived, fresh[i])
		}
	}
	// Counted again for the resolved findings: every unmatched finding at rev.
	clear(remaining)
	for _, f := range base.Findings {
		remaining[Fingerprint(docName(baseDoc, f), f)+"\x00"+waiverKey(f.Waiver)]++
	}
	for _, f := range head.Findings {
		if fp := Fingerprint(docName(headDoc, f), f) + "\x00" + waiverKey(f.Waiver); remaining[fp] > 0 {
			remaining[fp]--
		}
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
	for _, f := range fresh {
		name := docName(headDoc, f)
		res.New = append(res.New, f)
		if !f.Suppressed() {
			o := org(name)
			o.Introduced = append(o.Introduced, f)
			res.Introduced++
		}
	}
	for _, f := range base.Findings {
		name := docName(baseDoc, f)
		fp := Fingerprint(name, f) + "\x00" + waiverKey(f.Waiver)
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
	for _, f := range rewaived {
		if o, ok := orgs[docName(headDoc, f)]; ok {
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
	return head.WithFindings(r.New)
}
