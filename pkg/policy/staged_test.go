package policy_test

import (
	"context"
	"testing"

	"github.com/erslint/erslint/pkg/policy"
)

// TestStageRead: the built-in rules never read a document's stage, so a
// go-live rehearsal may take their findings from the run. A rule that reads
// it, by the ways a policy can, makes every rehearsal evaluate every rule;
// here each is given as a built-in one, so that the reading of it is what
// decides. A custom rule counts as reading it, whatever it reads.
func TestStageRead(t *testing.T) {
	const finds = `deny contains lib.finding("f", [])`
	cases := []struct {
		name, body string
		want       bool
	}{
		{"none", "", false},
		{"other fields", finds + ` if { input.organisation.odsCode == "X"; lib.get(["services"], []) }`, false},
		{"type test and object.get of another field", finds + ` if { is_object(input); object.get(input, ["metadata", "name"], "") == "x" }`, false},
		{"input.stage", finds + ` if input.stage == "live"`, true},
		{"input[\"stage\"]", finds + ` if input["stage"] == "live"`, true},
		{"object.get, a key", finds + ` if object.get(input, "stage", "") == "live"`, true},
		{"object.get, a path", finds + ` if object.get(input, ["stage"], "") == "live"`, true},
		{"lib.get", finds + ` if lib.get(["stage"], "") == "live"`, true},
		{"object.get of the empty path", finds + ` if { some k; object.get(input, [], {})[k] == "live" }`, true},
		{"object.get of the empty path, aliased", finds + ` if { x := object.get(lib.doc, [], {}); some k; x[k] == "live" }`, true},
		{"lib.doc.stage", finds + ` if lib.doc.stage == "live"`, true},
		{"a key not known", finds + ` if { some k; input[k] == "live" }`, true},
		{"lib.doc by a key not known", finds + ` if { some k; lib.doc[k] == "live" }`, true},
		{"every field", finds + ` if { some k, v in input; k == v }`, true},
		{"walk", finds + ` if { walk(input, [p, v]); v == "live" }`, true},
		{"marshalled", finds + ` if contains(json.marshal(input), "live")`, true},
		{"marshalled alias", finds + ` if contains(json.marshal(lib.doc), "live")`, true},
		{"through a function", finds + ` if f(input)` + "\nf(x) if x.stage == \"live\"", true},
		{"through a rule", finds + ` if s == "live"` + "\ns := input.stage", true},
		{"an alias of its own", finds + ` if d.stage == "live"` + "\nd := input", true},
		{"with", finds + ` if lib.get(["services"], []) with input as {}`, true},
		{"in a comprehension", finds + ` if { x := [v | v := input.stage]; count(x) > 0 }`, true},
		{"in every", finds + ` if { every k, v in input { k != v } }`, true},
		{"in an array", finds + ` if { x := [input]; count(x) > 0 }`, true},
		{"the configuration", finds + ` if { some k; data.erslint.config[k] == "x" }`, false},
		// Not seen: a name built from pieces. So no custom rule is read at all.
		{"a key built", finds + ` if { k := concat("", ["st", "age"]); lib.get([k], "") == "live" }`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srcs := builtin(t)
			if tc.body != "" {
				src := customRule("staged", "ORG-STAGED-001", tc.body)
				src.Builtin = true
				srcs = append(srcs, src)
			}
			e, err := policy.New(context.Background(), policy.Options{Sources: srcs, AsOf: "2026-11-24"})
			if err != nil {
				t.Fatal(err)
			}
			if got := e.StageRead(); got != tc.want {
				t.Errorf("StageRead() = %t, want %t", got, tc.want)
			}
		})
	}
	t.Run("reference data", func(t *testing.T) {
		e, err := policy.New(context.Background(), policy.Options{Sources: builtin(t), AsOf: "2026-11-24", RefData: testRefData()})
		if err != nil {
			t.Fatal(err)
		}
		if e.StageRead() {
			t.Error("the built-in rules with reference data read the stage")
		}
	})
	t.Run("custom", func(t *testing.T) {
		srcs := append(builtin(t), customRule("staged", "ORG-STAGED-001", finds+` if input.organisation.odsCode == "X"`))
		e, err := policy.New(context.Background(), policy.Options{Sources: srcs, AsOf: "2026-11-24"})
		if err != nil {
			t.Fatal(err)
		}
		if !e.StageRead() {
			t.Error("a custom rule is not taken to read the stage")
		}
	})
}
