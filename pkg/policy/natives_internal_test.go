package policy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/erslint/erslint/policies"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// Each Go implementation of a lib helper gives what its Rego definition gives
// (the same value, or undefined for both) on every kind of value: the edge
// cases the rules care about and random texts built from them.
func TestNativesMeanWhatTheRegoSays(t *testing.T) {
	modules, err := parse(builtinSources(t, "policies/lib/"))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := Compile(modules) // as written: no natives
	if err != nil {
		t.Fatal(err)
	}
	store := inmem.New()
	values := nativeCases(rand.New(rand.NewPCG(1, 2)), 3000)
	checked := 0
	for _, n := range natives {
		if n.input {
			checked += len(values)
			continue // TestInputNativesMeanWhatTheRegoSays
		}
		arity := len(n.decl.FuncArgs().Args)
		for i, v := range values {
			args := []*ast.Term{v}
			if arity == 2 {
				args = append(args, values[(i*7+3)%len(values)])
			}
			want, wantOK := regoCall(t, plain, store, nil, n.name, args)
			var got *ast.Term
			if err := n.fn(topdown.BuiltinContext{Context: context.Background()}, args, func(t *ast.Term) error {
				got = t
				return nil
			}); err != nil {
				t.Fatalf("%s%v: %v", n.name, args, err)
			}
			gotOK := got != nil
			if wantOK != gotOK || (wantOK && !want.Equal(got)) {
				t.Errorf("lib.%s%v: Rego gives %v (defined %t), Go gives %v (defined %t)", n.name, args, want, wantOK, got, gotOK)
			}
			checked++
		}
	}
	if checked < len(natives)*len(values) {
		t.Fatalf("checked %d calls", checked)
	}
}

// The helpers that read the document (native.input) are given it as the
// input, and the Go implementation as its first argument: documents of every
// shape, read by paths of every kind.
func TestInputNativesMeanWhatTheRegoSays(t *testing.T) {
	modules, err := parse(builtinSources(t, "policies/lib/"))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := Compile(modules)
	if err != nil {
		t.Fatal(err)
	}
	store := inmem.New()
	values := nativeCases(rand.New(rand.NewPCG(3, 4)), 300)
	var docs []*ast.Term
	for _, v := range values {
		docs = append(docs, v, ast.ObjectTerm(ast.Item(ast.StringTerm("goLive"), ast.ObjectTerm(ast.Item(ast.StringTerm("flag"), v)))))
	}
	docs = append(docs, ast.ObjectTerm(ast.Item(ast.StringTerm("goLive"), ast.ArrayTerm(ast.BooleanTerm(true)))))
	paths := []*ast.Term{
		ast.MustParseTerm(`["goLive", "flag"]`), ast.MustParseTerm(`["goLive"]`), ast.MustParseTerm(`[]`),
		ast.MustParseTerm(`["goLive", 0]`), ast.MustParseTerm(`"goLive"`), ast.MustParseTerm(`["goLive", "other"]`),
		ast.MustParseTerm(`[1, "flag"]`), ast.NullTerm(), ast.MustParseTerm(`{"goLive"}`),
	}
	checked := 0
	for _, n := range natives {
		if !n.input {
			continue
		}
		arity := len(n.decl.FuncArgs().Args) - 1 // the helper's own, after the input
		for i, doc := range docs {
			for _, path := range paths {
				args := []*ast.Term{path}
				if arity == 2 {
					args = append(args, values[i%len(values)]) // a default
				}
				want, wantOK := regoCall(t, plain, store, doc, n.name, args)
				var got *ast.Term
				if err := n.fn(topdown.BuiltinContext{Context: context.Background()}, append([]*ast.Term{doc}, args...), func(t *ast.Term) error {
					got = t
					return nil
				}); err != nil {
					t.Fatalf("%s%v of %v: %v", n.name, args, doc, err)
				}
				if gotOK := got != nil; wantOK != gotOK || (wantOK && !want.Equal(got)) {
					t.Errorf("lib.%s%v of %v: Rego gives %v (defined %t), Go gives %v (defined %t)", n.name, args, doc, want, wantOK, got, gotOK)
				}
				checked++
			}
		}
	}
	if checked < 2*len(docs)*len(paths) {
		t.Fatalf("checked %d calls", checked)
	}
}

// regoCall evaluates data.erslint.lib.<name>(args) with the plain compiler,
// on input when it is not nil.
func regoCall(t *testing.T, c *ast.Compiler, store storage.Store, input *ast.Term, name string, args []*ast.Term) (*ast.Term, bool) {
	t.Helper()
	out := ast.VarTerm("out")
	call := append([]*ast.Term{ast.NewTerm(libRef.Append(ast.StringTerm(name)))}, args...)
	call = append(call, out)
	var value *ast.Term
	q := topdown.NewQuery(ast.NewBody(ast.NewExpr(call))).WithCompiler(c).WithStore(store)
	if input != nil {
		q = q.WithInput(input)
	}
	err := q.Iter(context.Background(), func(qr topdown.QueryResult) error {
		value = qr[out.Value.(ast.Var)]
		return nil
	})
	if err != nil {
		t.Fatalf("lib.%s%v: %v", name, args, err)
	}
	return value, value != nil
}

// nativeCases are values of every type, the texts the helpers treat
// specially (blank, dates at each bound, codes), and random texts made of
// those pieces.
func nativeCases(r *rand.Rand, random int) []*ast.Term {
	texts := []string{
		"", " ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u0085", "\u2003", "\u200b", "\ufeff", " \u00a0 ",
		"x", " x ", "rxn", " rXn ", "RXN", "ß", "ǆ", "ﬀ", "İ", "ı", "\u0000", "\"", "\\",
		"2026-01-01", "2026-02-29", "2024-02-29", "2026-13-01", "2026-00-10", "2026-1-1", "26-01-01",
		"1899-12-31", "1900-01-01", "2199-12-31", "2200-01-01", "0226-06-30", "1000-01-01",
		"1677-09-21", "1677-09-22", "2262-04-11", "2262-04-12", "9999-12-31", "0000-01-01",
		"2026-01-01T00:00:00Z", " 2026-01-01", "2026-01-01 ", "2026-01-01\n", "+2026-01-01", "２０２６-01-01",
	}
	var out []*ast.Term
	for _, s := range texts {
		out = append(out, ast.StringTerm(s))
	}
	out = append(out,
		ast.NullTerm(), ast.BooleanTerm(true), ast.BooleanTerm(false),
		ast.IntNumberTerm(0), ast.IntNumberTerm(20260101), ast.FloatNumberTerm(1.5), ast.IntNumberTerm(-3),
		ast.ArrayTerm(), ast.ArrayTerm(ast.StringTerm("2026-01-01")), ast.ObjectTerm(),
		ast.ObjectTerm(ast.Item(ast.StringTerm("a"), ast.IntNumberTerm(1))), ast.SetTerm(ast.StringTerm(" ")),
		ast.ArrayTerm(ast.StringTerm("services"), ast.IntNumberTerm(0)),
	)
	long := strings.Repeat("é", 59)
	for _, s := range []string{long, long + "x", long + "xy", long + strings.Repeat("ﬀ", 200), "\xff\xfe", long + "\xff\xfe"} {
		out = append(out, ast.StringTerm(s))
	}
	out = append(out, ast.IntNumberTerm(1), ast.NumberTerm("1.0"), ast.NumberTerm("1e0"), ast.IntNumberTerm(2),
		ast.NumberTerm("123456789012345678901234567890"), ast.NumberTerm("2.5e3"))
	for range random / 10 {
		out = append(out, contractCase(r, texts))
	}
	for range random {
		var b strings.Builder
		for range r.IntN(4) + 1 {
			b.WriteString(texts[r.IntN(len(texts))])
		}
		s := b.String()
		if r.IntN(3) == 0 { // a date-shaped text, often at an edge
			s = fmt.Sprintf("%04d-%02d-%02d", []int{1677, 1899, 1900, 2026, 2199, 2200, 2262, r.IntN(10000)}[r.IntN(8)], r.IntN(14), r.IntN(33))
		}
		out = append(out, ast.StringTerm(s))
	}
	return out
}

// The compile of erslint's own policies skips the stages that only check
// (checkStages): the modules it gives are the ones a full compile gives, and
// a full compile of them passes every check.
func TestTrustedCompileIsTheSame(t *testing.T) {
	live := builtinSources(t, "policies/")
	compiled := map[bool]*ast.Compiler{}
	for _, trusted := range []bool{false, true} {
		modules, err := parse(live)
		if err != nil {
			t.Fatal(err)
		}
		if compiled[trusted], err = compile(modules, trusted); err != nil {
			t.Fatalf("trusted %t: %v", trusted, err)
		}
	}
	if len(compiled[true].Modules) != len(live) {
		t.Fatalf("%d modules compiled of %d", len(compiled[true].Modules), len(live))
	}
	for name, full := range compiled[false].Modules {
		if got, want := compiled[true].Modules[name].String(), full.String(); got != want {
			t.Errorf("%s compiles differently when trusted:\n%s\nwant\n%s", name, got, want)
		}
	}
}

// erslint's own rules' metadata is not checked at every start: it passes the
// checks a custom rule's gets (TestControlCharactersInMetadataAreRefused).
func TestBuiltinMetadataPassesTheCustomChecks(t *testing.T) {
	live := builtinSources(t, "policies/")
	modules, err := parse(live)
	if err != nil {
		t.Fatal(err)
	}
	rules := 0
	for _, s := range live {
		s.Builtin = false
		_, ok, err := ruleFromModule(s, modules[s.Name])
		if err != nil {
			t.Errorf("%s, checked as a custom policy: %v", s.Name, err)
		}
		if ok {
			rules++
		}
	}
	e, err := New(context.Background(), Options{Sources: live, AsOf: "2026-11-24"})
	if err != nil {
		t.Fatal(err)
	}
	if rules != len(e.Rules()) {
		t.Errorf("%d rules read, want every built-in rule (%d)", rules, len(e.Rules()))
	}
}

// builtinSources are erslint's own policy files under prefix, tests left out.
func builtinSources(t *testing.T, prefix string) []Source {
	t.Helper()
	srcs, err := FromFS(policies.FS, "policies", true)
	if err != nil {
		t.Fatal(err)
	}
	var out []Source
	for _, s := range srcs {
		if strings.HasPrefix(s.Name, prefix) && !s.IsTest() {
			out = append(out, s)
		}
	}
	return out
}

// A custom policy that mocks a lib helper with `with` gets the mock in every
// call of it, as OPA gives it: the engine then keeps the Rego calls.
func TestMockedHelperKeepsTheRego(t *testing.T) {
	own := Source{Name: "own.rego", Text: []byte(`# METADATA
# title: t
# custom:
#   id: ORG-MOCK-001
#   severity: error
#   stage: planning
#   remedy: r
package erslint.rules.org.mock

import data.erslint.lib

mocked_blank(_) := true

deny contains lib.finding("every contract date reads as missing", []) if {
	some f in data.erslint.rules.contract.in_force.deny with data.erslint.lib.blank as mocked_blank
	contains(f.msg, "has no start date")
}
`)}
	doc := map[string]any{"services": []any{map[string]any{"id": "s", "contracts": []any{
		map[string]any{"reference": "R", "start": "2025-01-01", "end": "2027-01-01"}}}}}
	for _, mock := range []bool{false, true} {
		srcs := builtinSources(t, "policies/")
		if mock {
			srcs = append(srcs, own)
		}
		e, err := New(context.Background(), Options{Sources: srcs, AsOf: "2026-11-24"})
		if err != nil {
			t.Fatal(err)
		}
		if got := mocksLib(e.compiler); got != mock {
			t.Errorf("mocksLib %t, want %t", got, mock)
		}
		results, err := e.Evaluate(context.Background(), doc)
		if err != nil {
			t.Fatal(err)
		}
		fired := slices.ContainsFunc(results, func(r Result) bool { return r.RuleID == "ORG-MOCK-001" })
		if fired != mock {
			t.Errorf("with the mock %t: the custom rule fired %t", mock, fired)
		}
	}
}

// The modules parsed with the shared capabilities are those the parser gives
// with its own: every built-in policy, tests too, annotations and locations
// included.
func TestSharedParserCapabilitiesParseTheSame(t *testing.T) {
	srcs, err := FromFS(policies.FS, "policies", true)
	if err != nil {
		t.Fatal(err)
	}
	shared := parserOptions()
	own := shared
	own.Capabilities = nil
	for _, s := range srcs {
		var got [2][]byte
		for i, opts := range []ast.ParserOptions{own, shared} {
			m, err := ast.ParseModuleWithOpts(s.Name, string(s.Text), opts)
			if err != nil {
				t.Fatal(err)
			}
			if got[i], err = json.Marshal(struct {
				M *ast.Module
				S string
				C []*ast.Comment
			}{m, m.String(), m.Comments}); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(got[0], got[1]) {
			t.Errorf("%s parses differently with the shared capabilities", s.Name)
		}
	}
}

// The built reference of each native is the one its name parses to.
func TestNativeRefIsItsName(t *testing.T) {
	for _, n := range natives {
		if got, want := nativeRef(n.name), ast.MustParseRef(nativePrefix+n.name); !got.Equal(want) {
			t.Errorf("nativeRef(%q) = %v, want %v", n.name, got, want)
		}
	}
}

// LiveFromFS reads what FromFS reads but the unit tests.
func TestLiveFromFSLeavesOutTheTests(t *testing.T) {
	all, err := FromFS(policies.FS, "policies", true)
	if err != nil {
		t.Fatal(err)
	}
	live, err := LiveFromFS(policies.FS, "policies", true)
	if err != nil {
		t.Fatal(err)
	}
	want := slices.DeleteFunc(slices.Clone(all), Source.IsTest)
	if len(want) == len(all) || len(want) == 0 {
		t.Fatalf("%d of %d built-in files are tests: nothing to leave out", len(all)-len(want), len(all))
	}
	if !slices.EqualFunc(live, want, func(a, b Source) bool {
		return a.Name == b.Name && bytes.Equal(a.Text, b.Text) && a.Builtin == b.Builtin
	}) {
		t.Errorf("LiveFromFS read %d files, want the %d that are not tests", len(live), len(want))
	}
}

// contractCase is an entry of lib.contracts as a rule may see it, or as a
// custom policy may pass anything in its place: each field of any type, or
// missing; services and contracts as mappings, sets, lists or texts.
func contractCase(r *rand.Rand, texts []string) *ast.Term {
	text := func() *ast.Term {
		switch r.IntN(6) {
		case 0:
			return ast.StringTerm(strings.Repeat("ß", 55+r.IntN(10)))
		case 1:
			return ast.IntNumberTerm(r.IntN(100))
		case 2:
			return ast.NullTerm()
		}
		return ast.StringTerm(texts[r.IntN(len(texts))])
	}
	mapping := func(keys ...string) *ast.Term {
		var items [][2]*ast.Term
		for _, k := range keys {
			if r.IntN(5) > 0 {
				items = append(items, ast.Item(ast.StringTerm(k), text()))
			}
		}
		switch r.IntN(8) {
		case 0:
			var elems []*ast.Term
			for _, k := range keys {
				elems = append(elems, ast.StringTerm(k))
			}
			return ast.SetTerm(elems...)
		case 1:
			return ast.ArrayTerm(text())
		case 2:
			return text()
		}
		return ast.ObjectTerm(items...)
	}
	contract := mapping("reference")
	if obj, ok := contract.Value.(ast.Object); ok && r.IntN(4) > 0 {
		obj.Insert(ast.StringTerm("commissioner"), mapping("name"))
	}
	var items [][2]*ast.Term
	for _, kv := range []struct {
		key   string
		value *ast.Term
	}{
		{"i", ast.IntNumberTerm(r.IntN(3))},
		{"j", []*ast.Term{ast.IntNumberTerm(r.IntN(3)), ast.NumberTerm("1.5"), ast.StringTerm("1"), ast.NullTerm(),
			ast.NumberTerm("123456789012345678901234567890"), ast.IntNumberTerm(-1)}[r.IntN(6)]},
		{"service", mapping("id", "name")},
		{"contract", contract},
	} {
		if r.IntN(8) > 0 {
			items = append(items, ast.Item(ast.StringTerm(kv.key), kv.value))
		}
	}
	return ast.ObjectTerm(items...)
}

// A custom policy that mocks, with `with`, a built-in function a helper's
// Rego calls (sprintf in quote, count in clip, trim_space in filled) changes
// what the helper gives there, as OPA gives it: the engine then keeps the Rego
// calls, whose built-in calls the mock reaches.
func TestMockedBuiltinKeepsTheRego(t *testing.T) {
	for _, tc := range []struct{ name, mock, call, want string }{
		{"sprintf", `mocked(_, _) := "MOCKED"`, `shown("abc") with sprintf as mocked`, `"MOCKED"`},
		{"count", `mocked(_) := 0`, `clipped(long) with count as mocked`, `long`},
		{"trim_space", `mocked(_) := ""`, `is_filled("x") with trim_space as mocked`, `false`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			own := Source{Name: "own.rego", Text: []byte(`# METADATA
# title: t
# custom:
#   id: ORG-MOCK-002
#   severity: error
#   stage: planning
#   remedy: r
package erslint.rules.org.mockbuiltin

import data.erslint.lib

` + tc.mock + `

shown(s) := lib.quote(s)

clipped(s) := lib.clip(s)

is_filled(s) if lib.filled(s)

else := false

long := "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

deny contains lib.finding("the mock reached the helper", []) if {
	got := ` + tc.call + `
	got == ` + tc.want + `
}
`)}
			e, err := New(context.Background(), Options{Sources: append(builtinSources(t, "policies/"), own), AsOf: "2026-11-24"})
			if err != nil {
				t.Fatal(err)
			}
			results, err := e.Evaluate(context.Background(), map[string]any{})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(results, func(r Result) bool { return r.RuleID == "ORG-MOCK-002" }) {
				t.Errorf("with %s mocked, the helper did not see the mock (mocksLib %t)", tc.name, mocksLib(e.compiler))
			}
		})
	}
}

// The variable a call of a document-reading native is given the input in
// takes a name the rule does not use: a custom rule may write any name,
// __erslint_input1__ too (found by a hostile review: the rule stopped firing).
// A mocked input reaches the natives as it reaches the Rego.
func TestInputNativesKeepTheRulesVariables(t *testing.T) {
	own := Source{Name: "own.rego", Text: []byte(`# METADATA
# title: t
# custom:
#   id: ORG-VARS-001
#   severity: error
#   stage: planning
package erslint.rules.org.vars

import data.erslint.lib

deny contains lib.finding("clash", ["access"]) if {
	[__erslint_input0__, __erslint_input1__, __erslint_input2__, __erslint_input1___] = [0, 1, 2, 3]
	lib.get(["access"], "none") != "nothing"
}

deny contains lib.finding(msg, []) if {
	found := data.erslint.rules.golive.service_desk.deny with input as {"goLive": {"nationalServiceDeskRegistered": "yes"}}
	some f in found
	url := data.erslint.rules.access.internet_url.url with input as {"access": {"url": "hscn"}}
	msg := sprintf("%s | %s", [f.msg, url])
}
`)}
	e, err := New(context.Background(), Options{Sources: append(builtinSources(t, "policies/"), own), AsOf: "2026-11-24"})
	if err != nil {
		t.Fatal(err)
	}
	if mocksLib(e.compiler) {
		t.Fatal("a mocked input turned the natives off")
	}
	results, err := e.Evaluate(context.Background(), map[string]any{"access": map[string]any{"url": "internet-facing"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range results {
		if r.RuleID == "ORG-VARS-001" {
			got = append(got, r.Message)
		}
	}
	slices.Sort(got)
	want := []string{"clash", `the organisation is not registered with the National Service Desk, where faults with e-RS are reported: goLive.nationalServiceDeskRegistered is "yes", expected true | hscn`}
	if !slices.Equal(got, want) {
		t.Errorf("ORG-VARS-001 found %q, want %q", got, want)
	}
}

// A message or path key is cut by its characters, not its bytes: at the
// limit it is whole, one character over it is cut, whatever the characters.
func TestClipCountsCharacters(t *testing.T) {
	tests := []struct {
		name string
		text string
		cut  bool
	}{
		{"ascii at the limit", strings.Repeat("a", maxMessage), false},
		{"ascii over the limit", strings.Repeat("a", maxMessage+1), true},
		{"two-byte characters at the limit", strings.Repeat("é", maxMessage), false},
		{"two-byte characters over the limit", strings.Repeat("é", maxMessage+1), true},
		{"mixed at the limit", strings.Repeat("é", maxMessage/2) + strings.Repeat("a", maxMessage/2), false},
		{"invalid bytes over the limit", strings.Repeat("\xff", maxMessage+1), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := clipMessage(tt.text)
			if cut := got != tt.text; cut != tt.cut {
				t.Fatalf("clipMessage cut %v, want %v", cut, tt.cut)
			}
			if tt.cut && !strings.HasPrefix(got, clipRunes(tt.text, maxMessage)+"… (message cut at") {
				t.Errorf("clipMessage kept %q…, want the first %d characters", got[:20], maxMessage)
			}
			if kept := clipRunes(tt.text, maxMessage); (kept != tt.text) != tt.cut || utf8.RuneCountInString(kept) > maxMessage {
				t.Errorf("clipRunes kept %d characters of %d", utf8.RuneCountInString(kept), utf8.RuneCountInString(tt.text))
			}
		})
	}
}
