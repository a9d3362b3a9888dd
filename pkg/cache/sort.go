package cache

import (
	"cmp"
	"slices"
)

// sortByTime puts the least recently used entries first.
func sortByTime(es []entryFile) {
	slices.SortFunc(es, func(a, b entryFile) int {
		return cmp.Or(a.mtime.Compare(b.mtime), cmp.Compare(a.path, b.path))
	})
}
