package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/erslint/erslint/pkg/forecast"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/pkg/refdata"
)

// Directory names commissioners from reference data (spec §8): a report
// given one names each commissioner as the national register does, and
// counts a sub-ICB location's organisations under its ICB too. The zero
// Directory has no data: names come from the manifests.
type Directory struct {
	// Name is the register's name of an ODS code.
	Name func(odsCode string) (string, bool)
	// ICB is the ICB a sub-ICB location (role RO319) belongs to.
	ICB func(odsCode string) (string, bool)
}

// jsonCommissioner is the roll-up of the organisations contracting with one
// commissioner.
type jsonCommissioner struct {
	ODSCode string `json:"odsCode"`
	Name    string `json:"name"`
	// NameFrom says where the name is from: referenceData, or manifests (the
	// name most of them write for the code).
	NameFrom string `json:"nameFrom"`
	// ICB is the ICB a sub-ICB location belongs to (reference data); its
	// organisations are counted under the ICB too.
	ICB           *string         `json:"icb"`
	Organisations []string        `json:"organisations"` // metadata.name of each, sorted
	Verdicts      jsonVerdicts    `json:"verdicts"`
	BlockingRules []jsonRuleCount `json:"blockingRules"`
	NextLapse     *jsonNextLapse  `json:"nextLapse"`
	docs          []*forecast.Document
}

// jsonRuleCount is a rule and how many organisations it blocks.
type jsonRuleCount struct {
	RuleID        string `json:"ruleId"`
	Organisations int    `json:"organisations"`
}

// jsonNextLapse is the first day within the look-ahead on which an
// organisation of the commissioner that is ready becomes blocked.
type jsonNextLapse struct {
	Date          string   `json:"date"`
	Organisations []string `json:"organisations"`
}

// commissioners rolls the organisations of a look-ahead up by commissioner:
// each counted under every commissioner it holds a contract with (by ODS
// code), sorted by code.
func commissioners(fc *forecast.Forecast, dir Directory) []jsonCommissioner {
	type named struct {
		counts map[string]int
		docs   []*forecast.Document
		seen   map[*forecast.Document]bool
	}
	byCode := map[string]*named{}
	add := func(code, name string, d *forecast.Document) {
		n := byCode[code]
		if n == nil {
			n = &named{counts: map[string]int{}, seen: map[*forecast.Document]bool{}}
			byCode[code] = n
		}
		if name != "" {
			n.counts[name]++
		}
		if !n.seen[d] {
			n.seen[d] = true
			n.docs = append(n.docs, d)
		}
	}
	for i := range fc.Documents {
		d := &fc.Documents[i]
		for _, c := range d.Info.Commissioners {
			add(c.ODSCode, c.Name, d)
			if dir.ICB != nil {
				if icb, ok := dir.ICB(c.ODSCode); ok && icb != c.ODSCode {
					add(icb, "", d)
				}
			}
		}
	}
	out := make([]jsonCommissioner, 0, len(byCode))
	for code, n := range byCode {
		c := jsonCommissioner{ODSCode: code, NameFrom: "manifests", docs: n.docs}
		if dir.Name != nil {
			if name, ok := dir.Name(code); ok {
				c.Name, c.NameFrom = name, "referenceData"
			}
		}
		if c.NameFrom == "manifests" {
			best := 0
			for name, k := range n.counts {
				if k > best || k == best && name < c.Name {
					c.Name, best = name, k
				}
			}
		}
		if dir.ICB != nil {
			if icb, ok := dir.ICB(code); ok && icb != code {
				c.ICB = &icb
			}
		}
		c.rollUp(fc)
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b jsonCommissioner) int { return cmp.Compare(a.ODSCode, b.ODSCode) })
	return out
}

// rollUp counts c's organisations by verdict, the rules that block them, and
// the first lapse among those ready.
func (c *jsonCommissioner) rollUp(fc *forecast.Forecast) {
	rules := map[string]int{}
	c.Organisations = []string{}
	for _, d := range c.docs {
		c.Organisations = append(c.Organisations, d.Info.Name)
		c.Verdicts.add(fc.Verdict(*d))
		var blocking []string // a document's few rules
		for _, f := range d.Open {
			if f.Severity >= fc.FailLevel && !slices.Contains(blocking, f.RuleID) {
				blocking = append(blocking, f.RuleID)
				rules[f.RuleID]++
			}
		}
		if date, blocked, ok := fc.NextVerdictChange(*d); ok && blocked {
			switch {
			case c.NextLapse == nil || date < c.NextLapse.Date:
				c.NextLapse = &jsonNextLapse{Date: date, Organisations: []string{d.Info.Name}}
			case date == c.NextLapse.Date:
				c.NextLapse.Organisations = append(c.NextLapse.Organisations, d.Info.Name)
			}
		}
	}
	slices.Sort(c.Organisations)
	if c.NextLapse != nil {
		slices.Sort(c.NextLapse.Organisations)
	}
	c.BlockingRules = []jsonRuleCount{}
	for id, n := range rules {
		c.BlockingRules = append(c.BlockingRules, jsonRuleCount{RuleID: id, Organisations: n})
	}
	// The rules blocking most organisations first.
	slices.SortFunc(c.BlockingRules, func(a, b jsonRuleCount) int {
		return cmp.Or(cmp.Compare(b.Organisations, a.Organisations), cmp.Compare(a.RuleID, b.RuleID))
	})
}

// add counts one verdict.
func (v *jsonVerdicts) add(verdict forecast.Verdict) {
	switch verdict {
	case forecast.Ready:
		v.Ready++
	case forecast.AtRisk:
		v.AtRisk++
	case forecast.Blocked:
		v.Blocked++
	}
}

// commissionerSection is the Markdown roll-up by commissioner, those with
// the most blocked organisations first, within max bytes.
func commissionerSection(fc *forecast.Forecast, dir Directory, max int) string {
	cs := commissioners(fc, dir)
	if len(cs) == 0 {
		return ""
	}
	slices.SortStableFunc(cs, func(a, b jsonCommissioner) int {
		return cmp.Or(cmp.Compare(b.Verdicts.Blocked, a.Verdicts.Blocked), cmp.Compare(b.Verdicts.AtRisk, a.Verdicts.AtRisk))
	})
	var b strings.Builder
	fmt.Fprintf(&b, "\n### By commissioner\n\nEach organisation counts under every commissioner it holds a contract with.\n\n")
	b.WriteString("| Commissioner | Organisations | Blocked | At risk | Ready | Blocking rules | Next lapse |\n|---|--:|--:|--:|--:|---|---|\n")
	for i, c := range cs {
		var rules []string
		for j, r := range c.BlockingRules {
			if j == 3 {
				rules = append(rules, fmt.Sprintf("%d more", len(c.BlockingRules)-3))
				break
			}
			rules = append(rules, fmt.Sprintf("%s (%d)", r.RuleID, r.Organisations))
		}
		lapse := ""
		if c.NextLapse != nil {
			lapse = fmt.Sprintf("%s: %s", c.NextLapse.Date, plural(len(c.NextLapse.Organisations), "organisation"))
		}
		name := c.ODSCode
		if c.Name != "" {
			name = c.Name + " (" + c.ODSCode + ")"
		}
		if c.ICB != nil {
			name += ", in " + *c.ICB
		}
		row := fmt.Sprintf("| %s | %d | %d | %d | %d | %s | %s |\n", mdText(name), len(c.Organisations),
			c.Verdicts.Blocked, c.Verdicts.AtRisk, c.Verdicts.Ready, mdText(strings.Join(rules, ", ")), mdText(lapse))
		if b.Len()+len(row) > max {
			fmt.Fprintf(&b, "\n%s not shown: the JSON report and the dashboard have every one.\n", plural(len(cs)-i, "commissioner"))
			break
		}
		b.WriteString(row)
	}
	return b.String()
}

// DirectoryOf is the Directory of a run's reference data: commissioners named
// as the register names them (clipped like any value shown). The §8 document
// holds no relationships, so it files no sub-ICB location under an ICB. The
// zero Directory when d is nil.
func DirectoryOf(d *refdata.Document) Directory {
	if d == nil {
		return Directory{}
	}
	return Directory{Name: func(code string) (string, bool) {
		o := d.Organisations[strings.ToUpper(strings.TrimSpace(code))]
		if o == nil || o.Name == "" {
			return "", false
		}
		return manifest.Clip(o.Name), true
	}}
}
