package finding

import "testing"

func TestParseFailLevel(t *testing.T) {
	for in, want := range map[string]Severity{"error": Error, "warning": Warning, "info": Info, "none": None} {
		got, err := ParseFailLevel(in)
		if err != nil || got != want {
			t.Errorf("ParseFailLevel(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseFailLevel("fatal"); err == nil {
		t.Error("ParseFailLevel(fatal) gave no error")
	}
	if _, err := ParseSeverity("none"); err == nil {
		t.Error("none is a fail level, not a severity")
	}
}

func TestPath(t *testing.T) {
	p := Path{"services", 1, "contracts", 0, "end"}
	if got := p.String(); got != "services[1].contracts[0].end" {
		t.Errorf("String() = %q", got)
	}
	if !p.HasPrefix(Path{"services", 1}) || !p.HasPrefix(nil) || p.HasPrefix(Path{"services", 0}) || (Path{"a"}).HasPrefix(Path{"a", "b"}) {
		t.Error("HasPrefix is wrong")
	}
}

func TestCompareOrdersByFileLineColumnRule(t *testing.T) {
	fs := []Finding{
		{File: "b.yaml", Line: 1, Column: 1, RuleID: "ERS-A"},
		{File: "a.yaml", Line: 2, Column: 1, RuleID: "ERS-A"},
		{File: "a.yaml", Line: 1, Column: 5, RuleID: "ERS-A"},
		{File: "a.yaml", Line: 1, Column: 5, RuleID: "ERS-B"},
		{File: "a.yaml", Line: 1, Column: 2, RuleID: "ERS-Z"},
	}
	Sort(fs)
	want := []string{"a.yaml:1:2:ERS-Z", "a.yaml:1:5:ERS-A", "a.yaml:1:5:ERS-B", "a.yaml:2:1:ERS-A", "b.yaml:1:1:ERS-A"}
	for i, f := range fs {
		got := f.File + ":" + string(rune('0'+f.Line)) + ":" + string(rune('0'+f.Column)) + ":" + f.RuleID
		if got != want[i] {
			t.Errorf("position %d: %s, want %s", i, got, want[i])
		}
	}
}
