package lint

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/erslint/erslint/pkg/policy"
)

// policySeeds are custom policies to start from: the README's example, and
// ones aimed at the engine (built-in namespaces, host access, runaway loops,
// findings of every shape).
var policySeeds = []string{
	`package erslint.config

asOf := "2199-01-01"
`,
	`package erslint.rules.contract

in_force.deny := set()
`,
	`package erslint

rules[area] := {} if some area in ["contract"]
`,
	`# METADATA
# title: Probe
# custom:
#   id: ORG-PROBE-001
#   severity: error
#   stage: planning
package erslint.rules.org.probe

deny contains {"msg": sprintf("%v", [r]), "path": []} if {
	r := json.match_schema({}, {"$ref": "file:///etc/passwd"})
}
`,
	`# METADATA
# title: Slow
# custom:
#   id: ORG-SLOW-001
#   severity: error
#   stage: planning
package erslint.rules.org.slow

deny contains {"msg": "x", "path": []} if {
	some i in numbers.range(1, 100000)
	some j in numbers.range(1, 100000)
	i + j < 0
}
`,
	`# METADATA
# title: Shapes
# custom:
#   id: ORG-SHAPE-001
#   severity: warning
#   stage: live
package erslint.rules.org.shape

import data.erslint.lib

deny contains lib.finding(sprintf("%v", [input.organisation]), ["organisation", "name"]) if input.organisation
deny contains lib.finding(concat("", [x | some _ in numbers.range(1, 5000); x := "m"]), ["services", 0, "contracts", 0, "end"]) if true
deny contains lib.finding("deep", ["services", 99, "nowhere", 7]) if lib.as_of
`,
	`# METADATA
# title: Run scope
# custom:
#   id: ORG-RUN-001
#   severity: error
#   stage: planning
package erslint.run.org.names

import data.erslint.lib

deny contains lib.run_finding(i, "named", ["metadata", "name"]) if some i, _ in input.names
`,
}

// FuzzCustomPolicy: any Rego source as a custom policy, loaded, compiled and
// evaluated on two manifests, never panics nor hangs, and never changes what
// the built-in rules find: a custom policy adds findings of its own, or is
// refused with an error that names its file.
func FuzzCustomPolicy(f *testing.F) {
	owner, err := os.ReadFile(filepath.Join("..", "..", "docs", "examples", "org-policies", "owner", "owner.rego"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(owner))
	for _, s := range policySeeds {
		f.Add(s)
	}
	good, err := os.ReadFile(filepath.Join("..", "..", "examples", "independent-sector-provider.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	gap := strings.Replace(strings.Replace(strings.Replace(string(good), "paymentAgreed: true", "paymentAgreed: false", 1),
		"name: example-msk-clinic", "name: gap-clinic", 1), `"8HV48"`, `"8HV49"`, 1)
	inputs := []Input{{Name: "good.yaml", Data: good}, {Name: "gap.yaml", Data: []byte(gap)}}
	opts := Options{AsOf: "2026-11-24", Jobs: 1, EvalTimeout: 250 * time.Millisecond}
	base, err := New(context.Background(), opts)
	if err != nil {
		f.Fatal(err)
	}
	baseline, err := base.Lint(context.Background(), inputs)
	if err != nil {
		f.Fatal(err)
	}
	builtin := builtinFindings(baseline, base)
	if len(builtin) == 0 {
		f.Fatal("the gap manifest has no finding")
	}
	f.Fuzz(func(t *testing.T, src string) {
		watchdog := time.AfterFunc(20*time.Second, func() { panic(fmt.Sprintf("custom policy %q took over 20s", src)) })
		defer watchdog.Stop()
		custom := opts
		custom.Policies = []policy.Source{{Name: "org/fuzz.rego", Text: []byte(src)}}
		l, err := New(context.Background(), custom)
		if err != nil {
			var compileErr *policy.CompileError
			if !errors.As(err, &compileErr) && !strings.Contains(err.Error(), "org/fuzz.rego") {
				t.Fatalf("a refused policy's error does not name its file: %v", err)
			}
			return
		}
		rep, err := l.Lint(context.Background(), inputs)
		if err != nil {
			// A finding of the wrong shape stops the run, naming the rule.
			if !strings.Contains(err.Error(), "org/fuzz.rego") {
				t.Fatalf("Lint: %v", err)
			}
			return
		}
		// A slow custom rule may take a document over the time limit, and one
		// may fail on a value of it: then that document has that one finding
		// instead (TestDocumentOverTheTimeLimitIsAFinding,
		// TestRuleFailingOnADocumentIsAFinding).
		const notChecked = "the rules could not be evaluated on this document"
		timedOut := map[string]bool{}
		for _, fd := range rep.Findings {
			timedOut[fd.File] = timedOut[fd.File] || strings.HasPrefix(fd.Message, notChecked)
		}
		want := slices.DeleteFunc(slices.Clone(builtin), func(s string) bool { return timedOut[strings.SplitN(s, ":", 2)[0]] })
		got := slices.DeleteFunc(builtinFindings(rep, l), func(s string) bool {
			return timedOut[strings.SplitN(s, ":", 2)[0]] && strings.Contains(s, notChecked)
		})
		if !slices.Equal(got, want) {
			t.Fatalf("the custom policy changed the built-in rules' findings:\n%s\nwant\n%s",
				strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		for _, fd := range rep.Findings {
			if fd.Line < 1 || fd.Column < 1 || len(fd.Message) > 4100*4 {
				t.Fatalf("finding at %d:%d with a message of %d bytes", fd.Line, fd.Column, len(fd.Message))
			}
		}
	})
}

// builtinFindings lists the findings of built-in rules, one line each.
func builtinFindings(rep *Report, l *Linter) []string {
	var out []string
	for _, fd := range rep.Findings {
		if r, ok := l.engine.Rule(fd.RuleID); ok && r.Builtin {
			out = append(out, fmt.Sprintf("%s:%d:%d %s %s %s", fd.File, fd.Line, fd.Column, fd.Severity, fd.RuleID, fd.Message))
		}
	}
	return out
}
