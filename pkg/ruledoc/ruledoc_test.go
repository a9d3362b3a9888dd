package ruledoc

import (
	"bytes"
	"context"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/policy"
)

var update = flag.Bool("update", false, "rewrite docs/rules.md")

func builtinRules(t *testing.T) []policy.Rule {
	t.Helper()
	l, err := lint.New(context.Background(), lint.Options{AsOf: "2026-11-24"})
	if err != nil {
		t.Fatal(err)
	}
	return l.Rules()
}

// TestDocsAreCurrent fails when docs/rules.md no longer matches the metadata.
func TestDocsAreCurrent(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, builtinRules(t)); err != nil {
		t.Fatal(err)
	}
	const path = "../../docs/rules.md"
	if *update {
		if err := os.MkdirAll("../../docs", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Error("docs/rules.md is stale: run go test ./pkg/ruledoc -update")
	}
}

func TestTableAndExplain(t *testing.T) {
	rules := builtinRules(t)
	var table bytes.Buffer
	if err := Table(&table, rules); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(table.String(), "\n"); got != len(rules)+1 {
		t.Errorf("table has %d lines, want a header and %d rules", got, len(rules))
	}
	var page bytes.Buffer
	for _, r := range rules {
		if r.ID != "ERS-GOV-002" {
			continue
		}
		if err := Explain(&page, r); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []string{"ERS-GOV-002: ", "Severity: error, in full from stage pre-go-live", "Seed section: 4. Complete all governance checks", "\nWhy\n  ", "\nHow to fix\n  ", "\nExample\n  governance:"} {
		if !strings.Contains(page.String(), want) {
			t.Errorf("explain page lacks %q:\n%s", want, page.String())
		}
	}
}
