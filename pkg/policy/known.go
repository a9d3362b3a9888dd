package policy

import (
	"slices"
	"strings"

	"github.com/cespare/xxhash/v2"
)

// knownRule is what ruleFromModule reads from one of erslint's own policy
// files, kept with the length and xxHash of the bytes it was read from
// (knownrules.go, written by TestKnownRulesAreCurrent). OPA reads a module's
// # METADATA as YAML, then JSON: for erslint's own files that was a sixth of
// parsing them, on every start, to read what the binary already holds.
type knownRule struct {
	name   string
	size   int
	sum    uint64
	isRule bool // false: the file declares no rule (erslint.lib, the decision)
	rule   Rule
}

// lookupKnown is the entry of knownRules for s, an embedded built-in file,
// when its bytes are the ones the entry was read from; nil otherwise (a
// custom policy, or a file changed since the table was written, whose
// annotation is then parsed).
func lookupKnown(s Source) *knownRule {
	if !s.Builtin {
		return nil
	}
	i, found := slices.BinarySearchFunc(knownRules, s.Name, func(k knownRule, name string) int { return strings.Compare(k.name, name) })
	if !found {
		return nil
	}
	k := &knownRules[i]
	if k.size != len(s.Text) || k.sum != xxhash.Sum64(s.Text) {
		return nil
	}
	return k
}
