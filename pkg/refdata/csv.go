package refdata

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Report is one of the headerless 27-column CSV reports of ODS Data Search
// and Export (and the older download files of the same layout): which roles
// every organisation in it holds, so which roles the document is complete
// for once it is imported.
type Report struct {
	Name  string   // the file's base name: etr, epraccur, ...
	Title string   // what it lists
	Roles []string // held by every row, and covered
}

// Reports are the reports import reads. Every one has the same first
// columns: 1 Organisation Code, 2 Name, 3 National Grouping, 4 High Level
// Health Geography, 5-9 Address Lines 1-5, 10 Postcode, 11 Open Date,
// 12 Close Date (dates YYYYMMDD, empty when none). epraccur also has
// 13 Status Code, 15 Commissioner and 26 Prescribing Setting, 4 being a GP
// practice (role RO76).
var Reports = []Report{
	{"etr", "NHS trusts", []string{"RO197"}},
	{"ets", "NHS trust sites", []string{"RO198"}},
	{"eccg", "clinical commissioning groups and sub-ICB locations", []string{"RO98"}},
	{"ephp", "independent sector healthcare providers", []string{"RO172"}},
	{"ephpsite", "independent sector healthcare provider sites", []string{"RO176"}},
	{"epraccur", "GP practices (prescribing cost centres)", []string{"RO177"}},
}

// ReportNamed finds a report by name.
func ReportNamed(name string) (Report, bool) {
	i := slices.IndexFunc(Reports, func(r Report) bool { return r.Name == name })
	if i < 0 {
		return Report{}, false
	}
	return Reports[i], true
}

// ReportNames lists the reports import knows.
func ReportNames() string {
	names := make([]string, len(Reports))
	for i, r := range Reports {
		names[i] = r.Name
	}
	return strings.Join(names, ", ")
}

// CSVColumns is the number of columns of every report.
const CSVColumns = 27

// subICBFrom is the day the clinical commissioning groups open then became
// sub-ICB locations (RO319), when the ICBs took over their duties.
const subICBFrom = "2022-07-01"

// LineError is a row of an input that cannot be imported.
type LineError struct {
	File string
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// ImportCSV reads one report from r (file names it in errors) into b,
// streaming, a row at a time. Any malformed row is an error with its line:
// none is skipped.
func ImportCSV(b *Builder, rep Report, file string, r io.Reader) error {
	cr := csv.NewReader(bufio.NewReader(r))
	cr.FieldsPerRecord = CSVColumns
	cr.ReuseRecord = true
	b.Report(rep.Name)
	b.Covers(rep.Roles...)
	switch rep.Name {
	case "eccg":
		b.Covers("RO319")
	case "epraccur":
		b.Covers("RO76")
	}
	rows := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				msg := pe.Err.Error()
				if errors.Is(pe.Err, csv.ErrFieldCount) {
					msg = fmt.Sprintf("%d columns, want the %d of an ODS %s report", len(rec), CSVColumns, rep.Name)
				}
				return &LineError{File: file, Line: pe.StartLine, Msg: msg}
			}
			return fmt.Errorf("read %s: %w", file, err)
		}
		line, _ := cr.FieldPos(0)
		o, code, err := csvOrganisation(rep, rec)
		if err != nil {
			return &LineError{File: file, Line: line, Msg: err.Error()}
		}
		if err := b.Add(code, o, fmt.Sprintf("%s:%d", file, line)); err != nil {
			return err
		}
		rows++
	}
	if rows == 0 {
		return &LineError{File: file, Line: 1, Msg: "no rows: an ODS " + rep.Name + " report lists one organisation a line"}
	}
	return nil
}

func csvOrganisation(rep Report, rec []string) (Organisation, string, error) {
	code := strings.TrimSpace(rec[0])
	if !ValidCode(code) {
		return Organisation{}, "", fmt.Errorf("column 1 (Organisation Code) %q is not an ODS code", clip(code))
	}
	name := strings.TrimSpace(rec[1])
	if name == "" || len(name) > 500 {
		return Organisation{}, "", fmt.Errorf("column 2 (Name) must be 1 to 500 characters")
	}
	opened, err := csvDate(rec[10], "11 (Open Date)")
	if err != nil {
		return Organisation{}, "", err
	}
	closed, err := csvDate(rec[11], "12 (Close Date)")
	if err != nil {
		return Organisation{}, "", err
	}
	if opened != "" && closed != "" && closed < opened {
		return Organisation{}, "", fmt.Errorf("column 12 (Close Date) %s is before column 11 (Open Date) %s", closed, opened)
	}
	roles := slices.Clone(rep.Roles)
	switch rep.Name {
	case "eccg":
		if closed == "" || closed > subICBFrom {
			roles = append(roles, "RO319")
		}
	case "epraccur":
		if strings.TrimSpace(rec[25]) == "4" {
			roles = append(roles, "RO76")
		}
	}
	return Organisation{Name: name, Roles: roles, PrimaryRole: rep.Roles[0], Opened: opened, Closed: closed}, code, nil
}

// csvDate reads a date YYYYMMDD as YYYY-MM-DD; empty stays empty.
func csvDate(s, column string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if len(s) == 8 {
		d := s[:4] + "-" + s[4:6] + "-" + s[6:]
		if ValidDate(d) {
			return d, nil
		}
	}
	return "", fmt.Errorf("column %s %q is not a date YYYYMMDD in the years 1900 to 2199", column, clip(s))
}

// clip cuts a value quoted in an error.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
