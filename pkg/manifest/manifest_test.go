package manifest

import (
	"encoding/json"
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
	want := `{"alias":{"x":1},"anchored":{"x":1},"big":123456789012345678901234567890,"bool":true,"date":"2025-04-01","float":1.5,` +
		`"merged":{"x":1,"y":2},"nested":{"list":["a",2]},"none":null,"octal":5349,"ods":"012345","quoted":"2025-04-01","tagged":"value","yes":"yes"}`
	if string(got) != want {
		t.Errorf("data:\n got %s\nwant %s", got, want)
	}
}

func TestProblems(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		contains  string
	}{
		{"duplicate key", "a: 1\nb: 2\na: 3\n", 3, 1, `duplicate key "a" (first at line 1)`},
		{"nested duplicate", "o:\n  k: 1\n  k: 2\n", 3, 3, `duplicate key "k"`},
		{"non-scalar key", "? [a]\n: 1\n", 1, 3, "mapping key must be a plain word"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseOK(t, tt.src)
			ps := f.Documents[0].Problems
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

func TestFatalProblems(t *testing.T) {
	lim := DefaultLimits
	lim.MaxFileBytes = 1000
	lim.MaxDocuments = 2
	tests := []struct {
		name, src string
		docs      int
		line      int
		contains  string
	}{
		{"unclosed flow sequence", "a: 1\nb: [x\nc: 2\n", 0, 2, "YAML syntax error"},
		{"bad indentation", "a: 1\n  b: 2\n", 0, 2, "mapping values are not allowed"},
		{"tab indentation", "a:\n\t- x\n", 0, 2, "cannot start any token"},
		{"error in second document keeps the first", "a: 1\n---\nb: [\n", 1, 3, "YAML syntax error"},
		{"unknown alias", "a: 1\nb: *nope\n", 0, 2, "refers to no anchor"},
		{"empty file", "", 0, 1, "holds no YAML document"},
		{"comments only", "# nothing\n", 0, 1, "holds no YAML document"},
		{"invalid UTF-8", "a: 1\nb: \xff\n", 0, 2, "invalid UTF-8"},
		{"binary", "a: 1\x00\n", 0, 1, "binary"},
		{"too large", strings.Repeat("# x\n", 300), 0, 1, "over the limit"},
		{"too many documents", "a: 1\n---\nb: 2\n---\nc: 3\n", 2, 4, "more than 2 documents"},
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

func TestAliasExpansionIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	f := parseOK(t, b.String())
	ps := f.Documents[0].Problems
	if len(ps) != 1 || !strings.Contains(ps[0].Message, "expands to more than") {
		t.Fatalf("problems = %+v, want one expansion limit problem", ps)
	}
}

func TestDepthIsBounded(t *testing.T) {
	src := strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n"
	f := parseOK(t, src)
	ps := f.Documents[0].Problems
	if len(ps) != 1 || !strings.Contains(ps[0].Message, "nests deeper than") {
		t.Fatalf("problems = %+v, want one depth problem", ps)
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

func TestEmptyDocumentBetweenOthers(t *testing.T) {
	f := parseOK(t, "a: 1\n---\n---\nb: 2\n")
	if len(f.Documents) != 3 || f.Documents[1].Root != nil || !reflect.DeepEqual(f.Documents[2].Data, map[string]any{"b": json.Number("2")}) {
		for _, d := range f.Documents {
			t.Logf("%+v", *d)
		}
		t.Fatal("want three documents, the middle one empty")
	}
}
