// Package history is the programme over time: the manifests linted as they
// stood at each of a series of dates (erslint history), what a board would have
// seen on each. Each date is linted by the same Linter and pipeline as a plain
// run at that assessment date (lint.Linter.At), with its look-ahead for the
// verdicts; a file whose content did not change between dates is not read,
// parsed or checked against the schema again (lint.Blobs).
package history

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/forecast"
	"github.com/erslint/erslint/pkg/lint"
)

// SchemaVersion is the version of the JSON document (schema/history.schema.json).
const SchemaVersion = 1

// Periods are the steps between points.
var Periods = []string{"day", "week", "month"}

// MaxPoints bounds a history: ten years of weeks.
const MaxPoints = 520

// Points lists since, since + 1 period, ... up to until (inclusive). A month
// after the 31st is the last day of the next month, counted from since (not
// from the previous point), so that points do not drift.
func Points(since, until, every string) ([]string, error) {
	s, err := time.Parse(time.DateOnly, since)
	if err != nil {
		return nil, fmt.Errorf("--since %q: not a date YYYY-MM-DD", since)
	}
	u, err := time.Parse(time.DateOnly, until)
	if err != nil {
		return nil, fmt.Errorf("assessment date %q: not a date YYYY-MM-DD", until)
	}
	if s.After(u) {
		return nil, fmt.Errorf("--since %s is after the assessment date %s", since, until)
	}
	if !slices.Contains(Periods, every) {
		return nil, fmt.Errorf("--every %q: want day, week or month", every)
	}
	var out []string
	for i := 0; ; i++ {
		var p time.Time
		switch every {
		case "day":
			p = s.AddDate(0, 0, i)
		case "week":
			p = s.AddDate(0, 0, 7*i)
		case "month":
			p = forecast.AddMonths(s, i)
		}
		if p.After(u) {
			break
		}
		if len(out) == MaxPoints {
			return nil, fmt.Errorf("%s to %s every %s is over %d points: take a later --since or a longer --every", since, until, every, MaxPoints)
		}
		out = append(out, p.Format(time.DateOnly))
	}
	return out, nil
}

// Snapshot is the repository as it stood on a day: the commit (empty before
// the first) and the manifests to lint, with their context files.
type Snapshot struct {
	Commit string
	Inputs []lint.Input // each with its blob id as Key
	Others []lint.Input
}

// Source reads the repository as it stood at the end of a day. An input
// whose content known says the Linter has already need not be read: its Name
// and Key are enough.
type Source func(ctx context.Context, day string, known func(lint.Input) bool) (Snapshot, error)

// Options are a history's.
type Options struct {
	Since, Until, Every string
	FailLevel           finding.Severity
	// Days is the look-ahead of each point's verdicts (lint's --days): a
	// document ready on the day but blocked within it is at risk.
	Days int
	// AnyDate: custom policies may compare any date (forecast.Options).
	AnyDate bool
}

// History is what a history run found.
type History struct {
	SchemaVersion int            `json:"schemaVersion"`
	Tool          Tool           `json:"tool"`
	Since         string         `json:"since"`
	Until         string         `json:"until"`
	Every         string         `json:"every"`
	FailLevel     string         `json:"failLevel"`
	Days          int            `json:"days"`
	Points        []Point        `json:"points"`
	Organisations []Organisation `json:"organisations"`
}

// Tool names the erslint that wrote a history.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Point is the programme on one day.
type Point struct {
	Date          string         `json:"date"`
	Commit        string         `json:"commit"` // "" before the first commit
	Organisations int            `json:"organisations"`
	Verdicts      Verdicts       `json:"verdicts"`
	Stages        map[string]int `json:"stages"`
}

// Verdicts counts organisations by verdict: the lint JSON report's verdicts.
type Verdicts struct {
	Ready   int `json:"ready"`
	AtRisk  int `json:"atRisk"`
	Blocked int `json:"blocked"`
}

// Add counts one verdict.
func (v *Verdicts) Add(verdict forecast.Verdict) {
	switch verdict {
	case forecast.Ready:
		v.Ready++
	case forecast.AtRisk:
		v.AtRisk++
	case forecast.Blocked:
		v.Blocked++
	}
}

// Organisation is one organisation (metadata.name) over the points.
type Organisation struct {
	Name         string `json:"name"`
	Organisation string `json:"organisation"` // organisation.name at the last point it was seen
	// Verdicts has one entry per point: the verdict then, or "" when the
	// organisation had no manifest then. When several documents share the
	// name at a point (ERS-REPO-002), the worst of theirs.
	Verdicts []string `json:"verdicts"`
}

// Stages are the keys of Point.Stages.
var Stages = []string{"planning", "pre-go-live", "live"}

// Run lints the repository src reads at each point with l, and counts.
func Run(ctx context.Context, l *lint.Linter, src Source, opts Options) (*History, error) {
	points, err := Points(opts.Since, opts.Until, opts.Every)
	if err != nil {
		return nil, err
	}
	failLevel := opts.FailLevel
	if failLevel == 0 {
		failLevel = finding.Error
	}
	h := &History{SchemaVersion: SchemaVersion, Since: opts.Since, Until: opts.Until, Every: opts.Every,
		FailLevel: failLevel.String(), Days: opts.Days, Points: []Point{}, Organisations: []Organisation{}}
	blobs := lint.NewBlobs(func(data any) []string {
		return forecast.Candidates(data, forecast.Options{AsOf: "1899-12-31", Until: "2199-12-31", AnyDate: opts.AnyDate})
	})
	l = l.Remembering(blobs)
	byName := map[string]*Organisation{}
	for i, day := range points {
		snap, err := src(ctx, day, blobs.Has)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", day, err)
		}
		p := Point{Date: day, Commit: snap.Commit, Stages: map[string]int{}}
		for _, s := range Stages {
			p.Stages[s] = 0
		}
		if len(snap.Inputs) > 0 {
			fc, err := lintAt(ctx, l, snap, day, opts)
			if err != nil {
				return nil, fmt.Errorf("%s (commit %s): %w", day, snap.Commit, err)
			}
			for _, d := range fc.Documents {
				v := fc.Verdict(d)
				p.Organisations++
				p.Verdicts.Add(v)
				p.Stages[d.Info.Stage.String()]++
				name := d.Info.Name
				if name == "" {
					name = fmt.Sprintf("%s#%d", d.Info.File, d.Info.Index+1)
				}
				o := byName[name]
				if o == nil {
					o = &Organisation{Name: name, Verdicts: make([]string, len(points))}
					byName[name] = o
				}
				if d.Info.Organisation != "" {
					o.Organisation = d.Info.Organisation
				}
				if o.Verdicts[i] == "" || worse(v, forecast.Verdict(o.Verdicts[i])) {
					o.Verdicts[i] = string(v)
				}
			}
		}
		blobs.Prune()
		h.Points = append(h.Points, p)
	}
	for _, o := range byName {
		h.Organisations = append(h.Organisations, *o)
	}
	slices.SortFunc(h.Organisations, func(a, b Organisation) int { return cmp.Compare(a.Name, b.Name) })
	return h, nil
}

// lintAt lints a snapshot as of day, with the look-ahead of its verdicts.
func lintAt(ctx context.Context, l *lint.Linter, snap Snapshot, day string, opts Options) (*forecast.Forecast, error) {
	at, err := l.At(ctx, day)
	if err != nil {
		return nil, err
	}
	start, _ := time.Parse(time.DateOnly, day)
	until := start.AddDate(0, 0, opts.Days).Format(time.DateOnly)
	var rep *lint.Report
	if opts.Days > 0 {
		plan := forecast.Plan(forecast.Options{AsOf: day, Until: until, AnyDate: opts.AnyDate})
		rep, err = at.LintPlannedInContext(ctx, snap.Inputs, snap.Others, plan)
	} else {
		rep, err = at.LintInContext(ctx, snap.Inputs, snap.Others)
	}
	if err != nil {
		return nil, err
	}
	return forecast.FromReport(rep, until, cmp.Or(opts.FailLevel, finding.Error)), nil
}

// worse tells whether a is a worse verdict than b.
func worse(a, b forecast.Verdict) bool {
	return slices.Index(forecast.Verdicts(), a) < slices.Index(forecast.Verdicts(), b)
}
