package lint

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"
)

// Exclude is a set of globs of paths to leave out of a directory walk. A
// pattern without a slash matches a file or directory name at any depth
// (docker-compose.yml, *.k8s.yaml, node_modules); a pattern with one matches
// the path from Base (deploy/**, charts/*/values.yaml), where ** stands for
// any number of directories and a match of a directory covers what is in it.
// Segments are matched with path.Match.
type Exclude struct {
	Base     string // directory the patterns are relative to; "" is the working directory
	Patterns []string
}

// Check reports a malformed pattern.
func (e Exclude) Check() error {
	for _, p := range e.Patterns {
		for _, seg := range strings.Split(strings.Trim(filepath.ToSlash(p), "/"), "/") {
			if _, err := path.Match(seg, ""); err != nil {
				return fmt.Errorf("exclude pattern %q: %w", p, err)
			}
		}
	}
	return nil
}

// Matches reports whether the file at p (as given or found) is excluded.
func (e Exclude) Matches(p string) bool {
	if len(e.Patterns) == 0 {
		return false
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return false
	}
	base, err := filepath.Abs(cmpOr(e.Base, "."))
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(base, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		rel = "" // outside Base: only the name patterns apply
	}
	relSegs := splitPath(rel)
	// Name patterns look at the directories below Base (or, for a path outside
	// it, at the path as given), never at where Base itself is.
	nameSegs := relSegs
	if rel == "" {
		for _, seg := range splitPath(p) {
			if seg != "." && seg != ".." {
				nameSegs = append(nameSegs, seg)
			}
		}
	}
	for _, pat := range e.Patterns {
		pat = strings.TrimPrefix(strings.Trim(filepath.ToSlash(pat), "/"), "./")
		if !strings.Contains(pat, "/") {
			for _, seg := range nameSegs {
				if ok, _ := path.Match(pat, seg); ok {
					return true
				}
			}
			continue
		}
		if len(relSegs) > 0 && matchSegments(strings.Split(pat, "/"), relSegs) {
			return true
		}
	}
	return false
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func splitPath(p string) []string {
	p = strings.Trim(filepath.ToSlash(p), "/")
	if p == "" || p == "." {
		return nil
	}
	return strings.Split(p, "/")
}

// matchSegments matches a pattern's segments against a path's, ** matching
// any number of segments; a pattern that matches a leading part of the path
// (a directory) matches what is in it.
func matchSegments(pat, segs []string) bool {
	if len(pat) == 0 {
		return true // the pattern matched a directory holding the file
	}
	if pat[0] == "**" {
		for i := 0; i <= len(segs); i++ {
			if matchSegments(pat[1:], segs[i:]) {
				return true
			}
		}
		return false
	}
	if len(segs) == 0 {
		return false
	}
	if ok, _ := path.Match(pat[0], segs[0]); !ok {
		return false
	}
	return matchSegments(pat[1:], segs[1:])
}

// Filter leaves out the walked inputs that e excludes; named files stay.
func (e Exclude) Filter(inputs []Input) (kept []Input, excluded int) {
	if len(e.Patterns) == 0 {
		return inputs, 0
	}
	kept = make([]Input, 0, len(inputs))
	for _, in := range inputs {
		if in.Walked && e.Matches(cmpOr(in.Path, in.Name)) {
			excluded++
			continue
		}
		kept = append(kept, in)
	}
	return kept, excluded
}
