package refdata

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/erslint/erslint/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

func fixture(name string) string { return filepath.Join("testdata", "ods", name) }

var allFixtures = []string{
	fixture("etr.csv"), fixture("ets.csv"), fixture("eccg.csv"), fixture("ephp.csv"), fixture("ephpsite.csv"),
	fixture("epraccur.csv"), fixture("ord-RXN.json"), fixture("ord-RW6.json"), fixture("ord-QE1.json"), fixture("fhir-bundle.json"),
}

// checkSchema validates a written document against schema/refdata-v1.schema.json.
func checkSchema(t *testing.T, doc []byte) {
	t.Helper()
	s, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema.RefData))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schema.RefDataID, s); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(schema.RefDataID)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("the document does not match the schema: %v", err)
	}
}

func TestImportFixtures(t *testing.T) {
	d, err := Import(allFixtures, "2026-11-30", 0)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.Write(&buf); err != nil {
		t.Fatal(err)
	}
	checkSchema(t, buf.Bytes())
	again, err := Decode(buf.Bytes())
	if err != nil {
		t.Fatalf("the written document does not load: %v", err)
	}
	if len(again.Organisations) != len(d.Organisations) {
		t.Errorf("%d organisations written, %d read back", len(d.Organisations), len(again.Organisations))
	}
	if want := []string{"RO172", "RO176", "RO177", "RO197", "RO198", "RO319", "RO76", "RO98"}; !slices.Equal(d.Covers, want) {
		t.Errorf("covers %v, want %v", d.Covers, want)
	}
	for _, tc := range []struct {
		code string
		want Organisation
	}{
		// etr and the ORD record agree: roles are joined.
		{"RXN", Organisation{Name: "LANCASHIRE TEACHING HOSPITALS NHS FOUNDATION TRUST", Roles: []string{"RO197", "RO57"}, PrimaryRole: "RO197", Opened: "1993-04-01"}},
		// closed, with its successor from the ORD record
		{"RW6", Organisation{Name: "PENNINE ACUTE HOSPITALS NHS TRUST", Roles: []string{"RO197"}, PrimaryRole: "RO197", Opened: "2002-04-01", Closed: "2021-09-30", Successor: "RM3"}},
		{"RZZ", Organisation{Name: "EXAMPLE NEW TRUST OPENING NHS TRUST", Roles: []string{"RO197"}, PrimaryRole: "RO197", Opened: "2027-04-01"}},
		{"RXN01", Organisation{Name: "ROYAL PRESTON HOSPITAL", Roles: []string{"RO198"}, PrimaryRole: "RO198", Opened: "1993-04-01"}},
		// a CCG open on 2022-07-01 became a sub-ICB location; one closed before did not
		{"00R", Organisation{Name: "NHS BLACKPOOL CCG", Roles: []string{"RO319", "RO98"}, PrimaryRole: "RO98", Opened: "2013-04-01"}},
		{"01K", Organisation{Name: "NHS MORECAMBE BAY CCG", Roles: []string{"RO98"}, PrimaryRole: "RO98", Opened: "2013-04-01", Closed: "2020-03-31"}},
		{"8HV48", Organisation{Name: "EXAMPLE COMMUNITY CLINIC LTD", Roles: []string{"RO172"}, PrimaryRole: "RO172", Opened: "2010-01-04"}},
		{"NT301", Organisation{Name: "SPIRE FYLDE COAST HOSPITAL", Roles: []string{"RO176"}, PrimaryRole: "RO176", Opened: "2007-08-06"}},
		// prescribing setting 4 is a GP practice; 1 (walk-in centre) is not
		{"P81001", Organisation{Name: "THE ADELPHI SURGERY", Roles: []string{"RO177", "RO76"}, PrimaryRole: "RO177", Opened: "1974-04-01"}},
		{"Y02345", Organisation{Name: "BLACKPOOL WALK IN CENTRE", Roles: []string{"RO177"}, PrimaryRole: "RO177", Opened: "2010-04-01"}},
		{"P81004", Organisation{Name: "CHURCH STREET SURGERY", Roles: []string{"RO177", "RO76"}, PrimaryRole: "RO177", Opened: "1974-04-01", Closed: "2019-03-31"}},
		{"QE1", Organisation{Name: "NHS LANCASHIRE AND SOUTH CUMBRIA INTEGRATED CARE BOARD", Roles: []string{"RO261", "RO318"}, PrimaryRole: "RO261", Opened: "2022-07-01"}},
		{"QOP", Organisation{Name: "NHS GREATER MANCHESTER INTEGRATED CARE BOARD", Roles: []string{"RO261", "RO318"}, PrimaryRole: "RO261", Opened: "2022-07-01"}},
		{"Y61", Organisation{Name: "NORTH WEST COMMISSIONING REGION", Roles: []string{"RO209"}, PrimaryRole: "RO209", Opened: "2018-04-01"}},
	} {
		got := d.Organisations[tc.code]
		if got == nil {
			t.Errorf("%s: missing", tc.code)
			continue
		}
		if got.Name != tc.want.Name || !slices.Equal(got.Roles, tc.want.Roles) || got.PrimaryRole != tc.want.PrimaryRole ||
			got.Opened != tc.want.Opened || got.Closed != tc.want.Closed || got.Successor != tc.want.Successor {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.code, *got, tc.want)
		}
	}
	if !strings.Contains(d.Source, "ODS Data Search and Export: etr, ets, eccg, ephp, ephpsite, epraccur; ") || !strings.Contains(d.Source, "ODS API: 5 organisation record(s)") {
		t.Errorf("source %q", d.Source)
	}
}

// A malformed input is an error with its file and line; nothing is skipped.
func TestImportRefusesMalformedInput(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile(fixture("etr.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(good), "\r\n")
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	third := strings.Split(lines[2], ",")
	for _, tc := range []struct {
		name   string
		inputs func() []string // writes the file when the case runs
		want   string
	}{
		{"wrong column count", func() []string { return []string{write("etr.csv", lines[0]+lines[1]+`"RAA","SHORT ROW","Y61"`+"\r\n")} }, "etr.csv:3: 3 columns, want the 27 of an ODS etr report"},
		{"bad date", func() []string {
			return []string{write("etr.csv", lines[0]+strings.Replace(lines[1], `"20020401"`, `"20021301"`, 1))}
		}, `etr.csv:2: column 11 (Open Date) "20021301" is not a date YYYYMMDD`},
		{"close before open", func() []string {
			return []string{write("etr.csv", strings.Replace(lines[0], `"19930401",""`, `"19930401","19800101"`, 1))}
		}, "etr.csv:1: column 12 (Close Date) 1980-01-01 is before column 11 (Open Date) 1993-04-01"},
		{"bad code", func() []string { return []string{write("etr.csv", strings.Replace(lines[0], `"RXN"`, `"rx-n"`, 1))} }, `etr.csv:1: column 1 (Organisation Code) "rx-n" is not an ODS code`},
		{"empty name", func() []string {
			return []string{write("etr.csv", strings.Replace(lines[0], `"LANCASHIRE TEACHING HOSPITALS NHS FOUNDATION TRUST"`, `" "`, 1))}
		}, "etr.csv:1: column 2 (Name) must be 1 to 500 characters"},
		{"bare quote", func() []string { return []string{write("etr.csv", lines[0]+`"RAA","BAD "QUOTE"`+"\r\n")} }, "etr.csv:2:"},
		{"duplicate with conflicting data", func() []string {
			return []string{write("etr.csv", lines[0]+lines[1]+strings.Join(append([]string{`"RXN"`, `"ANOTHER NAME"`}, third[2:]...), ","))}
		},
			`etr.csv:3: organisation RXN has name "ANOTHER NAME" here but "LANCASHIRE TEACHING HOSPITALS NHS FOUNDATION TRUST" at ` + filepath.Join(dir, "etr.csv") + ":1"},
		{"empty report", func() []string { return []string{write("etr.csv", "")} }, "etr.csv:1: no rows"},
		{"unknown report", func() []string { return []string{write("trusts.csv", lines[0])} }, `no ODS report is named "trusts"`},
		{"API record without code", func() []string {
			return []string{write("x.json", `{"Organisation": {"Name": "X", "OrgId": {"extension": ""}}}`)}
		}, `x.json: ORD organisation record: the ODS code "" is not`},
		{"not an API response", func() []string { return []string{write("y.json", `{"hello": 1}`)} }, "y.json: neither an ORD organisation record"},
		{"API bad date", func() []string {
			return []string{write("z.json", `{"Organisation": {"Name": "X", "OrgId": {"extension": "RAA"}, "Date": [{"Type": "Operational", "Start": "2020-02-30"}]}}`)}
		}, `opened "2020-02-30" is not a date`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Import(tc.inputs(), "2026-11-30", 0)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v\nwant it to contain %q", err, tc.want)
			}
		})
	}
	// REPORT=PATH names the report of a file named otherwise.
	p := write("download.txt", lines[0])
	d, err := Import([]string{"etr=" + p}, "2026-11-30", 0)
	if err != nil || d.Organisations["RXN"] == nil {
		t.Errorf("etr=%s: %v", p, err)
	}
	// The size limit is the reference data's own.
	if _, err := Import([]string{fixture("etr.csv")}, "2026-11-30", 100); err == nil || !strings.Contains(err.Error(), "over the reference data size limit of 100 bytes") {
		t.Errorf("over the limit: %v", err)
	}
	var le *LineError
	_, err = Import([]string{write("etr.csv", lines[0]+`"RAA"`+"\r\n")}, "2026-11-30", 0)
	if !errors.As(err, &le) || le.Line != 2 {
		t.Errorf("want a LineError at line 2, got %v", err)
	}
}

func TestLoadRefusesBadDocuments(t *testing.T) {
	good := `{"format":"erslint-refdata/v1","source":"s","extracted":"2026-11-30","covers":[],"organisations":{"RXN":{"name":"N","roles":["RO197"],"opened":null,"closed":null,"successor":null}}}`
	if _, err := Decode([]byte(good)); err != nil {
		t.Fatalf("good document refused: %v", err)
	}
	for _, tc := range []struct{ name, doc, want string }{
		{"format", strings.Replace(good, "v1", "v2", 1), `format is "erslint-refdata/v2"`},
		{"unknown key", strings.Replace(good, `"source"`, `"extra":1,"source"`, 1), `unknown key "extra"`},
		{"repeated key", strings.Replace(good, `"name":"N"`, `"name":"N","name":"M"`, 1), `key "name" is repeated`},
		{"duplicate code", strings.Replace(good, `}}}`, `},"RXN":{"name":"N","roles":[]}}}`, 1), `organisation "RXN" is listed twice`},
		{"bad date", strings.Replace(good, `"opened":null`, `"opened":"2026-02-30"`, 1), `opened "2026-02-30" is not a date`},
		{"bad role", strings.Replace(good, `"RO197"`, `"XX1"`, 1), `"XX1" is not a role code`},
		{"bad code", strings.Replace(good, `"RXN"`, `"rxn"`, 1), `"rxn" is not an ODS code`},
		{"trailing data", good + "{}", "data after the document"},
		{"no covers", strings.Replace(good, `"covers":[],`, ``, 1), "covers is missing"},
		{"extracted", strings.Replace(good, `2026-11-30`, `30/11/2026`, 1), `extracted "30/11/2026"`},
		{"wrong type", strings.Replace(good, `"roles":["RO197"]`, `"roles":"RO197"`, 1), "expected '['"},
		{"closed before opened", strings.Replace(good, `"opened":null,"closed":null`, `"opened":"2020-01-01","closed":"2019-01-01"`, 1), "closed 2019-01-01 is before opened 2020-01-01"},
		{"not json", "nope", "expected '{'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode([]byte(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestCheckFresh(t *testing.T) {
	d := &Document{Extracted: "2026-11-30"}
	for _, tc := range []struct {
		asOf   string
		maxAge int
		stale  bool
	}{
		{"2027-02-28", -1, false}, // 90 days after
		{"2027-03-01", -1, true},  // 91 days after
		{"2026-12-10", 10, false},
		{"2026-12-11", 10, true},
		{"2026-11-30", 0, false},
		{"2026-12-01", 0, true},
		{"2020-01-01", -1, false}, // before the extraction
	} {
		err := d.CheckFresh(tc.asOf, tc.maxAge)
		var se *StaleError
		if errors.As(err, &se) != tc.stale {
			t.Errorf("%s max %d: %v", tc.asOf, tc.maxAge, err)
		}
	}
}

// TestDigest: the digest that keys cached results names the content: the
// same bytes give the same digest, any change another; a document built in
// memory gets one too, from its encoding.
func TestDigest(t *testing.T) {
	good := `{"format":"erslint-refdata/v1","source":"s","extracted":"2026-11-30","covers":[],"organisations":{"RXN":{"name":"N","roles":["RO197"],"opened":null,"closed":null,"successor":null}}}`
	closed := strings.Replace(good, `"closed":null`, `"closed":"2026-12-01"`, 1)
	digest := func(src string) string {
		d, err := Decode([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return d.Digest()
	}
	if digest(good) != digest(good) {
		t.Error("the same bytes give two digests")
	}
	if digest(good) == digest(closed) {
		t.Error("a closed date does not change the digest")
	}
	a := &Document{Format: Format, Extracted: "2026-11-30", Organisations: map[string]*Organisation{"RXN": {Name: "N"}}}
	b := &Document{Format: Format, Extracted: "2026-11-30", Organisations: map[string]*Organisation{"RXN": {Name: "M"}}}
	if a.Digest() == "" || a.Digest() != a.Digest() || a.Digest() == b.Digest() {
		t.Errorf("built documents: %q, %q", a.Digest(), b.Digest())
	}
}
