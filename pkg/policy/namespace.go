package policy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// reservedRoots are the built-in namespaces besides the packages of the
// built-in policies: the run's configuration (the assessment date, the rule
// IDs), the shared helpers, the decision logic and the reference data.
var reservedRoots = []string{"erslint.config", "erslint.decision", "erslint.lib", "erslint.refdata"}

// checkNamespaces refuses a custom module that defines anything in a built-in
// namespace: the data of Rego is one tree, so a custom rule at
// data.erslint.config.asOf, in erslint.lib, or in (or above) a built-in rule's
// package would replace the assessment date, a helper or a rule for every
// built-in rule, while the report still showed the user's --as-of.
//
// A rule's full path (its package and its head, as far as the head is known
// before evaluation: lib[x] may be anything below lib) is compared with every
// built-in path: it may not lie at or below one, nor above one.
func checkNamespaces(sources []Source, modules map[string]*ast.Module) error {
	reserved := slices.Clone(reservedRoots)
	for _, s := range sources {
		if s.Builtin {
			reserved = append(reserved, strings.Join(packagePath(modules[s.Name]), "."))
		}
	}
	slices.Sort(reserved)
	reserved = slices.Compact(reserved)
	for _, s := range sources {
		if s.Builtin {
			continue
		}
		for _, rule := range modules[s.Name].Rules {
			path := rule.Path()[1:] // package and head as far as ground, without data
			if hit := clash(refText(path), reserved); hit != "" {
				return fmt.Errorf("%s:%d: %s: a custom policy cannot define %s, in the built-in namespace %s; "+
					"put custom rules in a package of their own, such as erslint.rules.<area>.<name>, and read built-in values without redefining them",
					s.Name, rule.Location.Row, rule.Head.Ref().String(), refText(path), hit)
			}
		}
	}
	return nil
}

// clash is the reserved path that path lies at, below or above, if any.
func clash(path string, reserved []string) string {
	for _, r := range reserved {
		if path == r || strings.HasPrefix(path, r+".") || strings.HasPrefix(r, path+".") {
			return r
		}
	}
	return ""
}

// refText writes a reference such as erslint.rules.contract["in_force"] as
// erslint.rules.contract.in_force; a key that is not a string is written as
// Rego writes it, so it matches no reserved path by accident.
func refText(ref ast.Ref) string {
	parts := make([]string, len(ref))
	for i, t := range ref {
		switch v := t.Value.(type) {
		case ast.String:
			parts[i] = string(v)
		case ast.Var: // the first term of a rule's head
			parts[i] = string(v)
		default:
			parts[i] = t.String()
		}
	}
	return strings.Join(parts, ".")
}
