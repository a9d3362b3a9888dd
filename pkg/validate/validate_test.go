package validate

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/manifest"
)

const validHead = `apiVersion: ers-onboarding/v1
kind: OnboardingManifest
metadata:
  name: example-clinic
stage: planning
organisation:
  name: Example
  type: gp-practice
  newToErs: true
`

func check(t *testing.T, src string) []string {
	t.Helper()
	v, err := New()
	if err != nil {
		t.Fatal(err)
	}
	f := manifest.Parse("m.yaml", []byte(src), manifest.DefaultLimits)
	if f.Fatal != nil {
		t.Fatalf("parse: %+v", f.Fatal)
	}
	var out []string
	for _, fd := range v.Validate(f.Documents[0]) {
		if fd.RuleID != RuleID {
			t.Errorf("rule %s, want %s", fd.RuleID, RuleID)
		}
		out = append(out, fmt.Sprintf("%02d:%02d | %s | %s", fd.Line, fd.Column, fd.Path, fd.Message))
	}
	return out
}

func TestValidManifestHasNoErrors(t *testing.T) {
	if got := check(t, validHead); len(got) != 0 {
		t.Fatalf("unexpected errors: %v", got)
	}
}

func TestErrorLocationsAndMessages(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // line:col | path | message
	}{
		{"unknown key points at the key", validHead + "servics: []\n",
			`10:01 | servics | unknown key "servics" in the document; did you mean "services"?`},
		{"nested unknown key", validHead + "access:\n  url: internet-facing\n  authentcation: []\n",
			`12:03 | access.authentcation | unknown key "authentcation" in access; did you mean "authentication"?`},
		{"enum points at the value", strings.Replace(validHead, "stage: planning", "stage: golive", 1),
			`05:08 | stage | stage must be one of planning, pre-go-live, live; got "golive" (did you mean "live"?)`},
		{"wrong type points at the value", strings.Replace(validHead, "newToErs: true", "newToErs: yes", 1),
			`09:13 | organisation.newToErs | organisation.newToErs must be true or false; got string "yes" (YAML 1.2 reads yes as text, not a boolean: write true or false)`},
		{"leading zero number", strings.Replace(validHead, "  newToErs", "  odsCode: 012345\n  newToErs", 1),
			`09:12 | organisation.odsCode | organisation.odsCode must be a string; got number 012345 (an unquoted 012345 is read as a number and loses its leading zero: quote it, "012345")`},
		{"missing required key points at the mapping", strings.Replace(validHead, "  newToErs: true\n", "", 1),
			`07:03 | organisation.newToErs | organisation is missing the required key "newToErs"`},
		{"missing top-level key points at the first key", strings.Replace(validHead, "stage: planning\n", "", 1),
			`01:01 | stage | the document is missing the required key "stage"`},
		{"const", strings.Replace(validHead, "ers-onboarding/v1", "ers-onboarding/v2", 1),
			`01:13 | apiVersion | apiVersion must be "ers-onboarding/v1"; got "ers-onboarding/v2"`},
		{"date pattern", validHead + "goLive:\n  plannedDate: 2027-1-5\n",
			`11:16 | goLive.plannedDate | goLive.plannedDate must be a real calendar date, YYYY-MM-DD; got "2027-1-5"`},
		{"impossible date", validHead + "goLive:\n  plannedDate: 2027-02-30\n",
			`11:16 | goLive.plannedDate | goLive.plannedDate must be a real calendar date, YYYY-MM-DD; got "2027-02-30"`},
		{"ods pattern", strings.Replace(validHead, "  newToErs", "  odsCode: 8hv48\n  newToErs", 1),
			`09:12 | organisation.odsCode | organisation.odsCode must be an ODS code: 3 to 8 upper-case letters and digits; got "8hv48"`},
		{"list item", validHead + "access:\n  authentication: [cis2-security-key, password]\n",
			`11:39 | access.authentication[1] | access.authentication[1] must be one of smartcard, cis2-security-key, cis2-windows-hello, cis2-smartcard, other; got "password"`},
		{"section of the wrong type", validHead + "services: none\n",
			`10:11 | services | services must be a list; got string "none"`},
		{"negative count", validHead + "devices:\n  - count: -1\n",
			`11:12 | devices[0].count | devices[0].count must be at least 0; got -1`},
		{"a mapping where a list is expected", validHead + "services: {id: a}\n",
			`10:11 | services | services must be a list; got a mapping`},
		{"null where a mapping is expected", validHead + "access: ~\n",
			`10:09 | access | access must be a mapping; got nothing (null)`},
		{"boolean where text is expected", strings.Replace(validHead, "name: Example", "name: true", 1),
			`07:09 | organisation.name | organisation.name must be a string; got boolean true (quote it: "true")`},
		{"an explicit tag", strings.Replace(validHead, "newToErs: true", "newToErs: !!str true", 1),
			`09:13 | organisation.newToErs | organisation.newToErs must be true or false; got string "true" (the tag !!str sets its type: remove the tag)`},
		{"invisible character shown", strings.Replace(validHead, "  newToErs", "  odsCode: \"\u200bRXX\"\n  newToErs", 1),
			`09:12 | organisation.odsCode | organisation.odsCode must be an ODS code: 3 to 8 upper-case letters and digits; got "\u200bRXX"`},
		{"long value cut", strings.Replace(validHead, "  newToErs", "  odsCode: "+strings.Repeat("A", 5000)+"\n  newToErs", 1),
			`09:12 | organisation.odsCode | organisation.odsCode must be an ODS code: 3 to 8 upper-case letters and digits; got "` + strings.Repeat("A", 60) + `…" (5000 characters)`},
		{"long unknown key cut", validHead + strings.Repeat("x", 1000) + ": 1\n",
			`10:01 | ` + strings.Repeat("x", 1000) + ` | unknown key "` + strings.Repeat("x", 60) + `…" (1000 characters) in the document; allowed keys: access, apiVersion, devices, goLive, governance, kind, metadata, organisation, registrationAuthority, services, stage, training, waivers`},
		{"bad slug", strings.Replace(validHead, "example-clinic", "Example_Clinic", 1),
			`04:09 | metadata.name | metadata.name must be a slug of lower-case letters, digits and hyphens (at most 63, starting and ending with a letter or digit); got "Example_Clinic"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := check(t, tt.src)
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestDocumentThatIsNotAMapping(t *testing.T) {
	for src, want := range map[string]string{
		"- a\n- b\n":  "got a list",
		"just text\n": `got string "just text"`,
		"null\n":      "got nothing (null)",
		"42\n":        "got number 42",
	} {
		got := check(t, src)
		if len(got) != 1 || !strings.Contains(got[0], "must be a mapping of keys to values; "+want) {
			t.Errorf("%q: got %q, want one error containing %q", src, got, want)
		}
	}
}

// A plain yes, no, on or off is text to erslint (YAML 1.2) but a boolean to
// YAML 1.1 tools: reported where text is expected, once, and not under an
// unknown key or where the schema already complains.
func TestYAML11WordsWhereTextIsExpected(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"free text", strings.Replace(validHead, "name: Example", "name: Yes", 1),
			[]string{`07:09 | organisation.name | organisation.name is the text "Yes" here, but YAML 1.1 tools read Yes as a boolean: quote it, "Yes"`}},
		{"in a list", validHead + "waivers:\n  - rule: ERS-GOV-003\n    reason: off\n    approvedBy: n\n    expires: \"2027-01-01\"\n",
			[]string{`12:13 | waivers[0].reason | waivers[0].reason is the text "off" here, but YAML 1.1 tools read off as a boolean: quote it, "off"`,
				`13:17 | waivers[0].approvedBy | waivers[0].approvedBy is the text "n" here, but YAML 1.1 tools read n as a boolean: quote it, "n"`}},
		{"quoted is meant as text", strings.Replace(validHead, "name: Example", `name: "Yes"`, 1), nil},
		{"where a boolean is expected, the type error says it", strings.Replace(validHead, "newToErs: true", "newToErs: yes", 1),
			[]string{`09:13 | organisation.newToErs | organisation.newToErs must be true or false; got string "yes" (YAML 1.2 reads yes as text, not a boolean: write true or false)`}},
		{"under an unknown key", validHead + "extra:\n  flag: on\n",
			[]string{`10:01 | extra | unknown key "extra" in the document; allowed keys: access, apiVersion, devices, goLive, governance, kind, metadata, organisation, registrationAuthority, services, stage, training, waivers`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := check(t, tt.src); !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// A value the loader reported (with its fix) is not reported again by the schema.
func TestLoaderProblemsAreNotRepeated(t *testing.T) {
	for _, src := range []string{
		strings.Replace(validHead, "  newToErs", "  odsCode: 99999999999999999999999\n  newToErs", 1),
		validHead + "devices:\n  - count: .inf\n",
		validHead + "devices:\n  - count: 123456789012345678901234567890\n",
	} {
		if got := check(t, src); len(got) != 0 {
			t.Errorf("%q: schema findings %q, want none (the loader's problem explains it)", src, got)
		}
	}
}

func TestEveryErrorIsReported(t *testing.T) {
	src := strings.Replace(validHead, "stage: planning", "stage: x", 1) + "extra: 1\nmore: 2\n"
	if got := check(t, src); len(got) != 3 {
		t.Errorf("got %d findings %q, want 3 (one per schema error)", len(got), got)
	}
}

// Lists and text are bounded at sizes no organisation reaches, and the message
// says how long without quoting the whole value.
func TestSizeBounds(t *testing.T) {
	long := strings.Repeat("x", 5000)
	tests := []struct {
		name, src, want string
	}{
		{"long organisation name", strings.Replace(validHead, "name: Example", "name: "+long, 1),
			`07:09 | organisation.name | organisation.name is 5000 characters long, over the limit of 200 (no real name is that long): shorten it; got "` + strings.Repeat("x", 60) + `…" (5000 characters)`},
		{"long waiver reason", validHead + "waivers:\n  - {rule: ERS-GOV-003, reason: " + long + ", approvedBy: a}\n",
			`11:33 | waivers[0].reason | waivers[0].reason is 5000 characters long, over the limit of 1000 (no real reason is that long): shorten it; got "` + strings.Repeat("x", 60) + `…" (5000 characters)`},
		{"too many services", validHead + "services:\n" + strings.Repeat("  - {id: a}\n", 1001),
			`11:03 | services | services lists 1001 items, over the limit of 1000 (far more than any organisation has); check how the list was made, or split the organisation's manifest`},
		{"too many contracts", validHead + "services:\n  - id: a\n    contracts:\n" + strings.Repeat("      - {}\n", 101),
			`13:07 | services[0].contracts | services[0].contracts lists 101 items, over the limit of 100 (far more than any organisation has); check how the list was made, or split the organisation's manifest`},
		{"date before 1900", validHead + "goLive:\n  plannedDate: \"1899-12-31\"\n",
			`11:16 | goLive.plannedDate | goLive.plannedDate must be a date written YYYY-MM-DD in the years 1900 to 2199; got "1899-12-31"`},
		{"date after 2199", validHead + "goLive:\n  plannedDate: \"2200-01-01\"\n",
			`11:16 | goLive.plannedDate | goLive.plannedDate must be a date written YYYY-MM-DD in the years 1900 to 2199; got "2200-01-01"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := check(t, tt.src)
			if !slices.Contains(got, tt.want) {
				t.Errorf("got %q\nwant %q among them", got, tt.want)
			}
		})
	}
	at := func(s string) []string { return check(t, s) }
	for _, ok := range []string{
		strings.Replace(validHead, "name: Example", "name: "+strings.Repeat("x", 200), 1),
		validHead + "services:\n" + strings.Repeat("  - {id: a}\n", 1000),
		validHead + "goLive:\n  plannedDate: \"1900-01-01\"\n",
		validHead + "goLive:\n  plannedDate: \"2199-12-31\"\n",
	} {
		for _, msg := range at(ok) {
			if strings.Contains(msg, "over the limit") || strings.Contains(msg, "1900 to 2199") {
				t.Errorf("within the bounds, yet: %s", msg)
			}
		}
	}
}

// isYAML11Bool skips texts longer than any of the words, and so must agree
// with lowering every text: also for the letters that lower to ASCII or to
// fewer bytes (Kelvin sign, long s, Ohm sign, capital sharp s).
func TestYAML11WordsWhateverTheirLength(t *testing.T) {
	lowered := func(s string) bool {
		switch strings.ToLower(s) {
		case "yes", "no", "on", "off", "y", "n":
			return true
		}
		return false
	}
	letters := []string{"y", "Y", "e", "E", "s", "S", "n", "N", "o", "O", "f", "F", " ", "\u212a", "\u017f", "\u2126", "\u1e9e", "\uff59", "\u0130"}
	var words []string
	var grow func(prefix string, depth int)
	grow = func(prefix string, depth int) {
		words = append(words, prefix)
		if depth == 0 {
			return
		}
		for _, l := range letters {
			grow(prefix+l, depth-1)
		}
	}
	grow("", 4)
	found := 0
	for _, w := range words {
		if got := isYAML11Bool(w); got != lowered(w) {
			t.Fatalf("isYAML11Bool(%q) = %v, want %v", w, got, !got)
		} else if got {
			found++
		}
	}
	if found == 0 {
		t.Fatal("no word found: the texts do not test a match")
	}
}
