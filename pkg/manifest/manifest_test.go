package manifest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/finding"
)

func parseOK(t *testing.T, src string) *File {
	t.Helper()
	f := Parse("m.yaml", []byte(src), DefaultLimits)
	if f.Fatal != nil {
		t.Fatalf("Parse: unexpected fatal problem %+v", f.Fatal)
	}
	return f
}

func TestPositionsInMultiDocumentFiles(t *testing.T) {
	src := "a: 1\n---\n# second\nstage: live\norganisation:\n  name: X\n  odsCode: \"RXN\"\n---\nlist: [1, {k: v}]\n"
	f := parseOK(t, src)
	if len(f.Documents) != 3 {
		t.Fatalf("got %d documents, want 3", len(f.Documents))
	}
	tests := []struct {
		doc        int
		path       finding.Path
		line, col  int
		wantsFound bool
	}{
		{0, finding.Path{"a"}, 1, 4, true},
		{1, finding.Path{"stage"}, 4, 8, true},
		{1, finding.Path{"organisation", "odsCode"}, 7, 12, true},
		{1, finding.Path{"organisation", "newToErs"}, 6, 3, false}, // missing: the mapping that should hold it
		{1, finding.Path{"governance", "dspt"}, 4, 1, false},       // missing section: the document's first key
		{2, finding.Path{"list", 1, "k"}, 9, 15, true},             // flow style
		{2, finding.Path{"list", 5}, 9, 7, false},                  // index past the end: the list
	}
	for _, tt := range tests {
		t.Run(tt.path.String(), func(t *testing.T) {
			d := f.Documents[tt.doc]
			line, col := d.Position(tt.path)
			if line != tt.line || col != tt.col {
				t.Errorf("Position(%s) = %d:%d, want %d:%d", tt.path, line, col, tt.line, tt.col)
			}
			if got := d.Locate(tt.path).Found; got != tt.wantsFound {
				t.Errorf("Locate(%s).Found = %v, want %v", tt.path, got, tt.wantsFound)
			}
		})
	}
}

func TestKeyPositionPointsAtTheKey(t *testing.T) {
	f := parseOK(t, "organisation:\n  name: X\n  regoin: north\n")
	line, col := f.Documents[0].KeyPosition(finding.Path{"organisation", "regoin"})
	if line != 3 || col != 3 {
		t.Errorf("KeyPosition = %d:%d, want 3:3", line, col)
	}
}

func TestMissingUnderEmptySectionPointsAtItsKey(t *testing.T) {
	f := parseOK(t, "stage: live\ngovernance:\naccess: {}\n")
	d := f.Documents[0]
	if line, col := d.Position(finding.Path{"governance", "dspt", "status"}); line != 2 || col != 1 {
		t.Errorf("under a null section: %d:%d, want 2:1 (its key)", line, col)
	}
	if line, col := d.Position(finding.Path{"access", "url"}); line != 3 || col != 9 {
		t.Errorf("under an empty flow mapping: %d:%d, want 3:9", line, col)
	}
}

func TestDataIsPlainJSON(t *testing.T) {
	src := `
date: 2025-04-01
quoted: "2025-04-01"
ods: "012345"
octal: 012345
decimal: 089
big: 123456789012345678901234567890
float: 1.50
yes: yes
bool: true
none: null
nested: {list: [a, 2]}
tagged: !custom value
anchored: &a {x: 1}
alias: *a
merged:
  <<: *a
  y: 2
`
	f := parseOK(t, src)
	got, err := json.Marshal(f.Documents[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"alias":{"x":1},"anchored":{"x":1},"big":"123456789012345678901234567890","bool":true,"date":"2025-04-01","decimal":89,"float":1.5,` +
		`"merged":{"x":1,"y":2},"nested":{"list":["a",2]},"none":null,"octal":5349,"ods":"012345","quoted":"2025-04-01","tagged":"value","yes":"yes"}`
	if string(got) != want {
		t.Errorf("data:\n got %s\nwant %s", got, want)
	}
	// The one problem: an integer no other tool holds exactly is kept as text.
	if ps := f.Documents[0].Problems; len(ps) != 1 || ps[0].Line != 7 || !strings.Contains(ps[0].Message, "too large") {
		t.Errorf("problems = %+v, want one about the big number at line 7", ps)
	}
}

func TestProblems(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		contains  string
	}{
		{"duplicate key, at its value", "a: 1\nb: 2\na: 3\n", 3, 4, `duplicate key "a" (first at line 1)`},
		{"nested duplicate", "o:\n  k: 1\n  k: 2\n", 3, 6, `duplicate key "k"`},
		{"duplicate of a section, at its key", "o:\n  k: 1\no:\n  k: 2\n", 3, 1, `duplicate key "o"`},
		{"duplicate in a large mapping", strings.Repeat("k: 0\n", 1) + manyKeys(20) + "k: 1\n", 22, 4, `duplicate key "k" (first at line 1)`},
		{"non-scalar key", "? [a]\n: 1\n", 1, 3, "mapping key must be plain text, not a list"},
		{"huge integer", "count: 123456789012345678901234567890\n", 1, 8, "too large for many YAML and JSON tools"},
		{"just over 2^53", "count: 9007199254740992\n", 1, 8, `quote it: "9007199254740992"`},
		{"float too large", "count: 1e400\n", 1, 8, "too large to hold"},
		{"quoted, it is text", "count: \"1e400\"\n", 0, 0, ""},
		{"infinity", "count: -.Inf\n", 1, 8, "YAML for infinity"},
		{"not a number", "count: .NaN\n", 1, 8, "YAML for not-a-number"},
		{"tagged bool that is not one", "ok: !!bool yes\n", 1, 5, "write true or false"},
		{"tagged int that is not one", "n: !!int ten\n", 1, 4, "not a whole number"},
		{"merge of a scalar", "a:\n  <<: text\n", 2, 7, "merge key (<<) takes a mapping"},
		{"merge of a list holding a scalar", "m: &m {x: 1}\na:\n  <<: [*m, text]\n", 3, 12, "this item is not a mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseOK(t, tt.src)
			ps := f.Documents[0].Problems
			if tt.contains == "" {
				if len(ps) != 0 {
					t.Errorf("problems = %+v, want none", ps)
				}
				return
			}
			if len(ps) != 1 {
				t.Fatalf("got %d problems %+v, want 1", len(ps), ps)
			}
			p := ps[0]
			if p.Line != tt.line || p.Column != tt.col || !strings.Contains(p.Message, tt.contains) {
				t.Errorf("got %d:%d %q, want %d:%d containing %q", p.Line, p.Column, p.Message, tt.line, tt.col, tt.contains)
			}
		})
	}
}

// manyKeys is n distinct keys, one a line, so that a mapping is indexed.
func manyKeys(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "k%d: %d\n", i, i)
	}
	return b.String()
}

// Keys merged in never count as duplicates, and never override the mapping's own.
// yaml.v3 lets an alias use an anchor of an earlier document; other tools
// refuse it, so it is reported, and the value still read as meant.
func TestAliasToAnEarlierDocument(t *testing.T) {
	f := parseOK(t, "a: &x {k: 1}\n---\nb: *x\n")
	d := f.Documents[1]
	if len(d.Problems) != 1 || d.Problems[0].Line != 3 || d.Problems[0].Column != 4 || !strings.Contains(d.Problems[0].Message, "anchor in an earlier document") {
		t.Errorf("problems = %+v, want one at 3:4", d.Problems)
	}
	if got, _ := json.Marshal(d.Data); string(got) != `{"b":{"k":1}}` {
		t.Errorf("data = %s", got)
	}
	if ps := f.Documents[0].Problems; len(ps) != 0 {
		t.Errorf("first document: %+v, want no problem", ps)
	}
}

func TestMergeKeys(t *testing.T) {
	src := "base: &b {inPlace: true, provider: own}\nother: &o {provider: x, extra: 1}\n" +
		"ra:\n  provider: external\n  <<: [*b, *o]\n"
	f := parseOK(t, src)
	d := f.Documents[0]
	if len(d.Problems) != 0 {
		t.Errorf("problems = %+v, want none", d.Problems)
	}
	got, _ := json.Marshal(d.Data.(map[string]any)["ra"])
	if want := `{"extra":1,"inPlace":true,"provider":"external"}`; string(got) != want {
		t.Errorf("merged = %s, want %s", got, want)
	}
}

func TestFatalProblems(t *testing.T) {
	lim := DefaultLimits
	lim.MaxFileBytes = 50_000
	lim.MaxDocuments = 2
	tests := []struct {
		name, src string
		docs      int
		line      int
		contains  string
	}{
		{"unclosed flow sequence", "a: 1\nb: [x\nc: 2\n", 0, 2, "YAML syntax error"},
		{"bad indentation", "a: 1\n  b: 2\n", 0, 2, "mapping values are not allowed"},
		{"tab indentation", "a:\n\t- x\n", 0, 2, "a tab indents this line"},
		{"tab indentation in a mapping", "a:\n  b: 1\n\tc: 2\n", 0, 3, "replace the tab with spaces"},
		{"unclosed flow mapping", "a: 1\nb: {x: 1\nc: 2\n", 0, 2, "not closed with }"},
		{"unclosed quote", "a: 1\nb: \"text\n", 0, 2, "add the closing quote"},
		{"syntax error on line 1", "a: [\n", 0, 1, "YAML syntax error"},
		{"syntax error after CR line endings", "a: 1\rb: 2\rc: [x\r", 0, 3, "not closed with ]"},
		{"control character", "a: 1\nb: bell\x07\n", 0, 2, "control character U+0007"},
		{"C1 control character", "a: 1\nb: \u0090\n", 0, 2, "control character U+0090"},
		{"NUL past the start", "a: 1\n" + strings.Repeat("# pad\n", 2000) + "b: \x00\n", 0, 2002, "NUL byte"},
		{"UTF-16 with its byte order mark", "\xff\xfea\x00:\x00", 0, 1, "UTF-16"},
		{"UTF-32 with its byte order mark", "\xff\xfe\x00\x00a\x00\x00\x00", 0, 1, "UTF-32"},
		{"alias cycle", "a: &s\n  - b: *s\n", 0, 2, "used inside its own anchor"},
		{"parser depth", "a: " + strings.Repeat("[", 20000) + "\n", 0, 1, "nests deeper than 10000"},
		{"error in second document keeps the first", "a: 1\n---\nb: [\n", 1, 3, "YAML syntax error"},
		{"unknown alias", "a: 1\nb: *nope\n", 0, 2, "refers to no anchor"},
		{"empty file", "", 0, 1, "holds no YAML document"},
		{"comments only", "# nothing\n", 0, 1, "holds no YAML document"},
		{"invalid UTF-8", "a: 1\nb: \xff\n", 0, 2, "invalid UTF-8"},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00", 0, 1, "binary"},
		{"binary after text", "a: 1\x00\n", 0, 1, "binary"},
		{"too large", strings.Repeat("# x\n", 12_501), 0, 1, "file is 50004 bytes, over the limit of 50000 bytes"},
		{"too many documents refuses the file", "a: 1\n---\nb: 2\n---\nc: 3\n", 0, 4, "more than 2 documents"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Parse("m.yaml", []byte(tt.src), lim)
			if f.Fatal == nil {
				t.Fatal("no fatal problem")
			}
			if len(f.Documents) != tt.docs {
				t.Errorf("kept %d documents, want %d", len(f.Documents), tt.docs)
			}
			if f.Fatal.Line != tt.line || !strings.Contains(f.Fatal.Message, tt.contains) {
				t.Errorf("got line %d %q, want line %d containing %q", f.Fatal.Line, f.Fatal.Message, tt.line, tt.contains)
			}
		})
	}
}

func TestLimitsRefuseTheFile(t *testing.T) {
	var laughs strings.Builder
	laughs.WriteString("ok: 1\n---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&laughs, "a%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", "))
	}
	// Each document stays under the limit; together they do not.
	perDocument := strings.Repeat("a0: &a [x, x, x, x, x, x, x, x, x, x]\nb: ["+strings.Repeat("*a, ", 29)+"*a]\n---\n", 5)
	tests := []struct {
		name, src string
		lim       Limits
		line, col int
		contains  string
	}{
		{"billion laughs", laughs.String(), DefaultLimits, 8, 25, `more than 500000 values (a "billion laughs" file?)`},
		{"expansion counted per file", perDocument, Limits{MaxNodes: 1000}, 8, 113, "aliases expand this file to more than 1000 values"},
		{"many values without aliases", "a: [" + strings.Repeat("x, ", 100) + "x]\n", Limits{MaxNodes: 50}, 1, 72, "file holds more than 50 values (counted before parsing"},
		{"depth", strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n", DefaultLimits, 1, 66, "nesting deeper than 64 levels"},
		{"lowered depth", "a:\n  b:\n    c:\n      d: 1\n", Limits{MaxDepth: 2}, 4, 7, "nesting deeper than 2 levels"},
		{"size", "a: 1\n", Limits{MaxFileBytes: 4}, 1, 1, "file is 5 bytes, over the limit of 4 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Parse("m.yaml", []byte(tt.src), tt.lim)
			if f.Fatal == nil || len(f.Documents) != 0 {
				t.Fatalf("fatal = %+v with %d documents; want the file refused", f.Fatal, len(f.Documents))
			}
			if p := f.Fatal; p.Line != tt.line || p.Column != tt.col || !strings.Contains(p.Message, tt.contains) {
				t.Errorf("got %d:%d %q, want %d:%d containing %q", p.Line, p.Column, p.Message, tt.line, tt.col, tt.contains)
			}
		})
	}
}

func TestLimitsWithDefaults(t *testing.T) {
	got := Limits{MaxDepth: 3, MaxNodes: -1}.WithDefaults()
	want := DefaultLimits
	want.MaxDepth = 3
	if got != want {
		t.Errorf("WithDefaults = %+v, want %+v", got, want)
	}
}

// A byte order mark and CR LF line endings are valid YAML: they must not shift
// what is reported where.
func TestPositionsWithBOMAndCRLF(t *testing.T) {
	tests := map[string]string{
		"BOM":  "\ufeffa: 1\nb:\n  c: x\n",
		"CRLF": "a: 1\r\nb:\r\n  c: x\r\n",
		"CR":   "a: 1\rb:\r  c: x\r",
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			d := parseOK(t, src).Documents[0]
			if line, col := d.Position(finding.Path{"b", "c"}); line != 3 || col != 6 {
				t.Errorf("b.c at %d:%d, want 3:6", line, col)
			}
			if line, col := d.KeyPosition(finding.Path{"a"}); line != 1 || col != 1 {
				t.Errorf("key a at %d:%d, want 1:1", line, col)
			}
			if _, ok := d.Data.(map[string]any)["a"]; !ok {
				t.Errorf("key a not read: %v", d.Data)
			}
		})
	}
	f := Parse("m.yaml", []byte("\ufeffa: \xff\n"), DefaultLimits)
	if f.Fatal == nil || f.Fatal.Line != 1 || f.Fatal.Column != 4 {
		t.Errorf("invalid byte after a BOM: %+v, want 1:4", f.Fatal)
	}
}

func TestLocateInLargeMappings(t *testing.T) {
	d := parseOK(t, manyKeys(40)+"k7: last\nsub:\n"+strings.ReplaceAll(manyKeys(20), "k", "  s")).Documents[0]
	tests := []struct {
		path      finding.Path
		line, col int
		found     bool
	}{
		{finding.Path{"k7"}, 41, 5, true}, // the last of duplicates, as in the data
		{finding.Path{"k39"}, 40, 6, true},
		{finding.Path{"sub", "s19"}, 62, 8, true},
		{finding.Path{"sub", "nope"}, 43, 3, false},
		{finding.Path{"nope", "deeper"}, 1, 1, false},
	}
	for _, tt := range tests {
		loc := d.Locate(tt.path)
		line, col := d.Position(tt.path)
		if loc.Found != tt.found || line != tt.line || col != tt.col {
			t.Errorf("%s: found %v at %d:%d, want %v at %d:%d", tt.path, loc.Found, line, col, tt.found, tt.line, tt.col)
		}
	}
}

func TestQuoteAndClip(t *testing.T) {
	tests := []struct{ in, quoted string }{
		{"RXX", `"RXX"`},
		{"\u200bRXX", `"\u200bRXX"`},
		{"tab\there", `"tab\there"`},
		{"Café & <Co>", `"Café & <Co>"`},
		{strings.Repeat("A", 61), `"` + strings.Repeat("A", 60) + `…" (61 characters)`},
		{strings.Repeat("é", 60), `"` + strings.Repeat("é", 60) + `"`},
	}
	for _, tt := range tests {
		if got := Quote(tt.in); got != tt.quoted {
			t.Errorf("Quote(%q) = %s, want %s", tt.in, got, tt.quoted)
		}
	}
}

func TestStage(t *testing.T) {
	tests := map[string]finding.Stage{
		"stage: planning\n":    finding.Planning,
		"stage: pre-go-live\n": finding.PreGoLive,
		"stage: live\n":        finding.Live,
		"stage: golive\n":      finding.Live, // invalid reads as live
		"other: 1\n":           finding.Live, // missing reads as live
		"[1, 2]\n":             finding.Live,
	}
	for src, want := range tests {
		f := parseOK(t, src)
		if got := f.Documents[0].Stage(); got != want {
			t.Errorf("%q: Stage() = %v, want %v", src, got, want)
		}
	}
}

func TestEmptyDocumentsBesideOthersAreDropped(t *testing.T) {
	f := parseOK(t, "a: 1\n---\n---\nb: 2\n---\n")
	if len(f.Documents) != 2 || f.Documents[0].Index != 0 || f.Documents[1].Index != 2 ||
		!reflect.DeepEqual(f.Documents[1].Data, map[string]any{"b": json.Number("2")}) {
		for _, d := range f.Documents {
			t.Logf("%+v", *d)
		}
		t.Fatal("want documents 0 and 2; the empty ones hold nothing to check")
	}
	only := parseOK(t, "---\n---\n")
	if len(only.Documents) != 2 || only.Documents[0].Root != nil {
		t.Fatal("a file of nothing but empty documents keeps them, so they are reported")
	}
}

func TestSmallYAMLItems(t *testing.T) {
	tests := []struct {
		name, src string
		fatal     string   // the file's problem, if it is refused
		problems  []string // the document's problems otherwise
		data      string   // the value of a, as JSON
	}{
		{"YAML 1.2 directive", "%YAML 1.2\n---\na: 1\n", "", nil, "1"},
		{"YAML 1.2 directive after a BOM and comments", "\ufeff# c\n%YAML 1.2 # c\n---\na: yes\n", "", nil, `"yes"`},
		{"YAML 1.2 directive of a second document", "a: 1\n...\n%YAML 1.2\n---\na: 2\n", "", nil, "1"},
		{"a YAML 1.2 directive inside a document is still an error", "a: |\n  x\n%YAML 1.2\n---\na: 2\n", "YAML syntax error", nil, ""},
		{"YAML 1.3", "%YAML 1.3\n---\na: 1\n", "found incompatible YAML document", nil, ""},
		{"two byte order marks", "\ufeff\ufeffab: 1\n", "file starts with two byte order marks", nil, ""},
		{"one byte order mark keeps every key whole", "\ufeffab: 1\ncd: 2\na: 3\n", "", nil, "3"},
		{"hexadecimal beyond 64 bits", "a: 0x1FFFFFFFFFFFFFFFFFFFF\n", "", []string{"1:4 the number 0x1FFFFFFFFFFFFFFFFFFFF is too large to hold (over 64 bits)"}, `"0x1FFFFFFFFFFFFFFFFFFFF"`},
		{"octal beyond 64 bits", "a: -0o7777777777777777777777777\n", "", []string{"1:4 the number -0o7777777777777777777777777 is too large to hold (over 64 bits)"}, `"-0o7777777777777777777777777"`},
		{"binary beyond 64 bits", "a: 0b" + strings.Repeat("1", 70) + "\n", "", []string{"1:4 the number 0b1111"}, ""},
		{"quoted hexadecimal is text", "a: \"0x1FFFFFFFFFFFFFFFFFFFF\"\n", "", nil, `"0x1FFFFFFFFFFFFFFFFFFFF"`},
		{"float underflow", "a: 1e-400\n", "", []string{"1:4 the number 1e-400 is too small to hold: it would read as 0"}, `"1e-400"`},
		{"zero is zero", "a: 0.0e-400\n", "", nil, "0"},
		{"the smallest float", "a: 5e-324\n", "", nil, "5e-324"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Parse("m.yaml", []byte(tt.src), DefaultLimits)
			if tt.fatal != "" {
				if f.Fatal == nil || !strings.Contains(f.Fatal.Message, tt.fatal) {
					t.Fatalf("fatal %+v, want %q", f.Fatal, tt.fatal)
				}
				return
			}
			if f.Fatal != nil || len(f.Documents) == 0 {
				t.Fatalf("fatal %+v", f.Fatal)
			}
			d := f.Documents[0]
			var got []string
			for _, p := range d.Problems {
				got = append(got, fmt.Sprintf("%d:%d %s", p.Line, p.Column, p.Message))
			}
			if len(got) != len(tt.problems) {
				t.Fatalf("problems %q, want %q", got, tt.problems)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.problems[i]) {
					t.Errorf("problem %q, want %q", got[i], tt.problems[i])
				}
			}
			if tt.data != "" {
				b, _ := json.Marshal(d.Data.(map[string]any)["a"])
				if string(b) != tt.data {
					t.Errorf("a = %s, want %s", b, tt.data)
				}
			}
		})
	}
}
