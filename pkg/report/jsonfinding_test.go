package report

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/erslint/erslint/pkg/baseline"
)

// jsonStrings are strings whose encoding has a rule of its own.
var jsonStrings = []string{
	"", "plain", `a "quoted" \ path`, "tab\there\nnew\rline", "\b\f\x00\x01\x1f\x7f",
	"<html> & 'quotes'", "£ — é ✓ 😀", "\u2028 and \u2029", "bad \xff\xfe utf-8 \xe2\x82", "\xed\xa0\x80 surrogate",
}

func checkFinding(t *testing.T, f jsonFinding) {
	t.Helper()
	got, ok := appendFinding(nil, &f)
	if !ok {
		t.Fatalf("%+v not encoded", f)
	}
	var enc indentedJSON
	want, err := enc.encode(f, "    ")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatalf("%+v:\ngot  %s\nwant %s", f, got, want)
	}
}

// A finding appended by hand is the bytes encoding/json writes for it.
func TestAppendFindingIsEncodingJSON(t *testing.T) {
	for _, s := range jsonStrings {
		checkFinding(t, jsonFinding{RuleID: s, Severity: "error", Message: s, File: s, Line: 3, Column: -1, Path: s, Suppressed: true})
	}
	for _, st := range []baseline.State{"", "new", "unchanged", "a\"b"} {
		checkFinding(t, jsonFinding{RuleID: "ERS-X-001", Severity: "info", Message: "m", File: "f.yaml", Line: 1 << 40, BaselineState: st})
	}
	rng := rand.New(rand.NewPCG(21, 1))
	str := func() string {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		return string(b)
	}
	for range 20000 {
		checkFinding(t, jsonFinding{RuleID: str(), Severity: str(), Message: str(), File: str(), Path: str(),
			Line: rng.IntN(1 << 20), Column: rng.IntN(300), Document: rng.IntN(9) - 1, Suppressed: rng.IntN(2) == 0})
	}
}

// An organisation appended by hand is the bytes encoding/json writes for it.
func TestAppendOrganisationIsEncodingJSON(t *testing.T) {
	check := func(o jsonOrganisation) {
		t.Helper()
		got := appendOrganisation(nil, &o)
		var enc indentedJSON
		want, err := enc.encode(o, "    ")
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Fatalf("%+v:\ngot  %s\nwant %s", o, got, want)
		}
	}
	check(jsonOrganisation{})
	check(jsonOrganisation{Areas: map[string]jsonCounts{}})
	for i, s := range jsonStrings {
		areas := map[string]jsonCounts{}
		for j, a := range append(slices.Clone(Areas), s, "zz", "") {
			areas[a] = jsonCounts{Errors: i + j, Warnings: -j, Infos: 1 << 33}
		}
		o := jsonOrganisation{File: s, Document: i, Name: s, Organisation: s, Type: s, Stage: s,
			Counts: jsonCounts{Errors: 1, Warnings: 2, Infos: 3}, Suppressed: i * 7, Areas: areas, Verdict: s}
		check(o)
		o.NextVerdictChange = &jsonVerdictChange{Date: "2027-01-0" + strconv.Itoa(i%9+1), Verdict: s}
		check(o)
	}
}

func FuzzAppendFinding(f *testing.F) {
	for _, s := range jsonStrings {
		f.Add(s, s, 1)
	}
	f.Fuzz(func(t *testing.T, msg, path string, line int) {
		checkFinding(t, jsonFinding{RuleID: "ERS-X-001", Severity: "warning", Message: msg, File: "f.yaml", Line: line, Path: path})
	})
}
