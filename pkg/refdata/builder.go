package refdata

import (
	"fmt"
	"slices"
	"strings"
)

// Builder gathers organisations from several inputs (ODS reports, API
// records) into one document. The same code met twice is merged (roles
// joined) when the two agree; when they conflict, the second is an error
// naming both places.
type Builder struct {
	orgs    map[string]*Organisation
	where   map[string]string // code -> file:line it was first read at
	covers  []string
	reports []string // ODS Data Search and Export reports read
	sources []string
}

// NewBuilder starts an empty document.
func NewBuilder() *Builder {
	return &Builder{orgs: map[string]*Organisation{}, where: map[string]string{}}
}

// ConflictError is one code read twice with different data.
type ConflictError struct {
	Code, Field, First, Second, At, FirstAt string
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s: organisation %s has %s %q here but %q at %s", e.At, e.Code, e.Field, e.Second, e.First, e.FirstAt)
}

// Add puts o under code, read at (file:line).
func (b *Builder) Add(code string, o Organisation, at string) error {
	prev, ok := b.orgs[code]
	if !ok {
		o.Roles = slices.Clone(o.Roles)
		b.orgs[code] = &o
		b.where[code] = at
		return nil
	}
	for _, f := range []struct{ name, a, b string }{
		{"name", prev.Name, o.Name}, {"opened", prev.Opened, o.Opened}, {"closed", prev.Closed, o.Closed},
	} {
		if f.a != f.b {
			return &ConflictError{Code: code, Field: f.name, First: f.a, Second: f.b, At: at, FirstAt: b.where[code]}
		}
	}
	if o.Successor != "" {
		if prev.Successor != "" && prev.Successor != o.Successor {
			return &ConflictError{Code: code, Field: "successor", First: prev.Successor, Second: o.Successor, At: at, FirstAt: b.where[code]}
		}
		prev.Successor = o.Successor
	}
	if prev.PrimaryRole == "" {
		prev.PrimaryRole = o.PrimaryRole
	}
	for _, r := range o.Roles {
		if !slices.Contains(prev.Roles, r) {
			prev.Roles = append(prev.Roles, r)
		}
	}
	slices.Sort(prev.Roles)
	return nil
}

// Covers records that the inputs are complete for these roles.
func (b *Builder) Covers(roles ...string) {
	for _, r := range roles {
		if !slices.Contains(b.covers, r) {
			b.covers = append(b.covers, r)
		}
	}
}

// Report records an ODS Data Search and Export report read.
func (b *Builder) Report(name string) {
	if !slices.Contains(b.reports, name) {
		b.reports = append(b.reports, name)
	}
}

// Source names one input, for the document's source.
func (b *Builder) Source(s string) {
	if !slices.Contains(b.sources, s) {
		b.sources = append(b.sources, s)
	}
}

// Document is the gathered document, extracted on the given day, checked.
func (b *Builder) Document(extracted string) (*Document, error) {
	covers := slices.Clone(b.covers)
	slices.Sort(covers)
	if covers == nil {
		covers = []string{}
	}
	for _, o := range b.orgs {
		if o.Roles == nil {
			o.Roles = []string{}
		}
		slices.Sort(o.Roles)
	}
	sources := b.sources
	if len(b.reports) > 0 {
		sources = append([]string{"ODS Data Search and Export: " + strings.Join(b.reports, ", ")}, sources...)
	}
	d := &Document{Format: Format, Source: strings.Join(sources, "; "), Extracted: extracted, Covers: covers, Organisations: b.orgs}
	if d.Source == "" {
		d.Source = "none"
	}
	if len(d.Source) > 1000 {
		d.Source = d.Source[:997] + "..."
	}
	return d, d.Check()
}
