package finding

import (
	"slices"
	"testing"
)

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

// A PathStack gives the path walked so far, keys and indexes in order, a new
// Path each time: one handed out is not changed by the walk going on.
func TestPathStack(t *testing.T) {
	var s PathStack
	if p := s.Path(); p != nil {
		t.Fatalf("top: %v, want nil", p)
	}
	s.PushKey("services")
	s.PushIndex(2)
	s.PushKey("contracts")
	held := s.Path()
	s.Pop()
	s.PushKey("id")
	if got, want := held.String(), "services[2].contracts"; got != want {
		t.Errorf("path held: %q, want %q", got, want)
	}
	if got, want := s.Path(), (Path{"services", 2, "id"}); !slices.Equal(got, want) {
		t.Errorf("path now: %v, want %v", got, want)
	}
	s.Reset()
	s.PushIndex(0)
	if got, want := s.Path(), (Path{0}); !slices.Equal(got, want) {
		t.Errorf("after reset: %v, want %v", got, want)
	}
}
