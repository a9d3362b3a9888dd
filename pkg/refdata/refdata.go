// Package refdata holds the reference data of spec §8: the organisations of the
// national register (the Organisation Data Service, ODS) that manifests are
// checked against. It reads and checks the document (erslint-refdata/v1),
// bounded, and decides whether it is fresh enough for an assessment date; the
// rules read it as data (data.erslint.refdata).
package refdata

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/erslint/erslint/pkg/readfile"
)

// Format is the document's format, its "format" field.
const Format = "erslint-refdata/v1"

// DefaultLimit bounds a reference data file: the whole register is about
// 40 MB as JSON. It is not --max-file-size, which bounds a manifest.
const DefaultLimit = 256 << 20

// DefaultMaxAge is how many days after its extraction the data may be used
// (referenceDataMaxAge in the configuration).
const DefaultMaxAge = 90

// Document is the reference data document.
type Document struct {
	Format    string   `json:"format"`
	Source    string   `json:"source"`
	Extracted string   `json:"extracted"`
	Covers    []string `json:"covers"`
	// Organisations is keyed by ODS code.
	Organisations map[string]*Organisation `json:"organisations"`

	digest string // of the bytes it was decoded from; "" when built otherwise
}

// Digest names the document's content, for keys of results that depend on
// it (the cache): the SHA-256 of the bytes it was read from, else of the
// document as Write writes it.
func (d *Document) Digest() string {
	if d.digest != "" {
		return d.digest
	}
	h := sha256.New()
	if err := d.Write(h); err != nil {
		// Unencodable: a digest no other document has.
		return fmt.Sprintf("unencodable %p", d)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Organisation is one organisation of the register. Empty strings stand for
// null in the document.
type Organisation struct {
	Name        string   `json:"name"`
	Roles       []string `json:"roles"` // active role codes, e.g. RO197
	PrimaryRole string   `json:"primaryRole,omitempty"`
	Opened      string   `json:"opened"`
	Closed      string   `json:"closed"` // closed from this day on
	Successor   string   `json:"successor"`
}

// Info names the data a run used, for reports: nil when there was none.
type Info struct {
	Source    string `json:"source"`
	Extracted string `json:"extracted"`
}

// Info is the document's source and date.
func (d *Document) Info() *Info {
	if d == nil {
		return nil
	}
	return &Info{Source: d.Source, Extracted: d.Extracted}
}

// Error is a document that is not valid reference data.
type Error struct {
	File string
	Msg  string
}

func (e *Error) Error() string {
	if e.File == "" {
		return "reference data: " + e.Msg
	}
	return fmt.Sprintf("reference data %s: %s", e.File, e.Msg)
}

// Load reads the document at path within limit bytes (DefaultLimit when 0)
// and checks it.
func Load(path string, limit int64) (*Document, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	src, err := readfile.Bounded(path, limit)
	if err != nil {
		var tl *readfile.TooLargeError
		if errors.As(err, &tl) {
			return nil, &Error{File: path, Msg: fmt.Sprintf("over the reference data size limit of %d bytes", limit)}
		}
		return nil, fmt.Errorf("read reference data %s: %w", path, err)
	}
	d, err := Decode(src)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.File = path
		}
		return nil, err
	}
	return d, nil
}

// Decode parses and checks a document.
func Decode(src []byte) (*Document, error) {
	var d Document
	if err := decodeDocument(src, &d); err != nil {
		return nil, &Error{Msg: "not a valid " + Format + " document: " + err.Error()}
	}
	if err := d.Check(); err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Msg = "not a valid " + Format + " document: " + e.Msg
		}
		return nil, err
	}
	sum := sha256.Sum256(src)
	d.digest = hex.EncodeToString(sum[:])
	return &d, nil
}

// ValidDate holds for a date YYYY-MM-DD in the years 1900 to 2199 that exists
// (the schema's pattern, and a real day).
func ValidDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	n := func(t string) int {
		v := 0
		for i := range len(t) {
			if t[i] < '0' || t[i] > '9' {
				return -1
			}
			v = v*10 + int(t[i]-'0')
		}
		return v
	}
	y, m, d := n(s[:4]), n(s[5:7]), n(s[8:])
	if y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// ValidRole holds for a role code such as RO197.
func ValidRole(s string) bool {
	if len(s) < 3 || len(s) > 6 || s[:2] != "RO" {
		return false
	}
	for i := 2; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ValidCode holds for an ODS code as the document keys it: 2 to 10
// upper-case letters and digits.
func ValidCode(s string) bool {
	if len(s) < 2 || len(s) > 10 {
		return false
	}
	for i := range len(s) {
		if c := s[i]; (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// Check says what is wrong with d, as its JSON Schema
// (schema/refdata-v1.schema.json) does.
func (d *Document) Check() error {
	bad := func(format string, args ...any) error { return &Error{Msg: fmt.Sprintf(format, args...)} }
	if d.Format != Format {
		return bad("format is %q, want %q", d.Format, Format)
	}
	if d.Source == "" || len(d.Source) > 1000 {
		return bad("source must name where the data comes from (1 to 1000 characters)")
	}
	if !ValidDate(d.Extracted) {
		return bad("extracted %q is not a date YYYY-MM-DD in the years 1900 to 2199", d.Extracted)
	}
	if d.Covers == nil {
		return bad("covers is missing: list the role codes the document is complete for ([] for none)")
	}
	if err := checkRoles("covers", d.Covers); err != nil {
		return err
	}
	if d.Organisations == nil {
		return bad("organisations is missing")
	}
	for code, o := range d.Organisations {
		if checkOrganisation(code, o) != nil {
			// The first error in code order, the same on every run.
			for _, code := range slices.Sorted(mapsKeys(d.Organisations)) {
				if err := checkOrganisation(code, d.Organisations[code]); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// checkRoles checks a list of role codes; where names it (a code: its
// organisation's roles).
func checkRoles(where string, roles []string) error {
	for i, r := range roles {
		if !ValidRole(r) {
			return &Error{Msg: fmt.Sprintf("%s: %q is not a role code such as RO197", rolesAt(where), r)}
		}
		if slices.Contains(roles[:i], r) {
			return &Error{Msg: fmt.Sprintf("%s: %s is listed twice", rolesAt(where), r)}
		}
	}
	return nil
}

func rolesAt(where string) string {
	if where == "covers" {
		return where
	}
	return "organisations." + where + ".roles"
}

func checkOrganisation(code string, o *Organisation) error {
	bad := func(format string, args ...any) error {
		return &Error{Msg: fmt.Sprintf("organisations.%s: ", code) + fmt.Sprintf(format, args...)}
	}
	if !ValidCode(code) {
		return &Error{Msg: fmt.Sprintf("organisations: %q is not an ODS code (upper-case letters and digits, 2 to 10)", code)}
	}
	if o == nil {
		return bad("is null, want an organisation")
	}
	if o.Name == "" || len(o.Name) > 500 {
		return bad("name must be 1 to 500 characters")
	}
	if o.Roles == nil {
		return bad("roles is missing")
	}
	if err := checkRoles(code, o.Roles); err != nil {
		return err
	}
	if o.PrimaryRole != "" && !ValidRole(o.PrimaryRole) {
		return bad("primaryRole %q is not a role code", o.PrimaryRole)
	}
	for _, d := range []struct{ name, value string }{{"opened", o.Opened}, {"closed", o.Closed}} {
		if d.value != "" && !ValidDate(d.value) {
			return bad("%s %q is not a date YYYY-MM-DD in the years 1900 to 2199", d.name, d.value)
		}
	}
	if o.Opened != "" && o.Closed != "" && o.Closed < o.Opened {
		return bad("closed %s is before opened %s", o.Closed, o.Opened)
	}
	if o.Successor != "" && !ValidCode(o.Successor) {
		return bad("successor %q is not an ODS code", o.Successor)
	}
	return nil
}

// StaleError is data too old for the assessment date.
type StaleError struct {
	Extracted, AsOf string
	MaxAge          int
}

func (e *StaleError) Error() string {
	return fmt.Sprintf("reference data extracted on %s is stale on %s: more than %d days old (refresh it with erslint refdata import or fetch, or raise referenceDataMaxAge in the configuration)",
		e.Extracted, e.AsOf, e.MaxAge)
}

// CheckFresh refuses data extracted more than maxAge days (DefaultMaxAge when
// negative) before asOf. Staleness is judged on the assessment date only.
func (d *Document) CheckFresh(asOf string, maxAge int) error {
	if maxAge < 0 {
		maxAge = DefaultMaxAge
	}
	ex, err := time.Parse(time.DateOnly, d.Extracted)
	if err != nil {
		return &Error{Msg: fmt.Sprintf("extracted %q is not a date", d.Extracted)}
	}
	at, err := time.Parse(time.DateOnly, asOf)
	if err != nil {
		return fmt.Errorf("assessment date %q is not a date", asOf)
	}
	if at.After(ex.AddDate(0, 0, maxAge)) {
		return &StaleError{Extracted: d.Extracted, AsOf: asOf, MaxAge: maxAge}
	}
	return nil
}

// Write writes d as JSON, organisations sorted by code (encoding/json sorts
// map keys), one organisation a line: the same data gives the same bytes.
func (d *Document) Write(w io.Writer) error {
	var buf bytes.Buffer
	buf.WriteString("{\n")
	head := []struct {
		key   string
		value any
	}{{"format", d.Format}, {"source", d.Source}, {"extracted", d.Extracted}, {"covers", nonNil(d.Covers)}}
	for _, h := range head {
		v, err := json.Marshal(h.value)
		if err != nil {
			return err
		}
		fmt.Fprintf(&buf, "  %q: %s,\n", h.key, v)
	}
	buf.WriteString("  \"organisations\": {")
	for i, code := range slices.Sorted(mapsKeys(d.Organisations)) {
		o := d.Organisations[code]
		v, err := json.Marshal(jsonOrganisation{Name: o.Name, Roles: nonNil(o.Roles), PrimaryRole: nullable(o.PrimaryRole),
			Opened: nullable(o.Opened), Closed: nullable(o.Closed), Successor: nullable(o.Successor)})
		if err != nil {
			return err
		}
		if i > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, "\n    %q: %s", code, v)
		if buf.Len() > 64<<10 {
			if _, err := w.Write(buf.Bytes()); err != nil {
				return err
			}
			buf.Reset()
		}
	}
	buf.WriteString("\n  }\n}\n")
	_, err := w.Write(buf.Bytes())
	return err
}

// jsonOrganisation writes null for what is not known.
type jsonOrganisation struct {
	Name        string   `json:"name"`
	Roles       []string `json:"roles"`
	PrimaryRole *string  `json:"primaryRole"`
	Opened      *string  `json:"opened"`
	Closed      *string  `json:"closed"`
	Successor   *string  `json:"successor"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
