// Package manifesttest holds what the fuzz tests of several packages share.
package manifesttest

import (
	"os"
	"path/filepath"
	"testing"
)

// seedDirs are the repo's manifests, good and hostile, relative to its root.
var seedDirs = []string{"examples", "examples/gaps", "testdata/bad", "testdata/rules", "testdata/report", "testdata/cli"}

// AddSeeds adds every manifest (*.yaml, *.yml) of the repo's examples and test
// data to f's corpus; root is the repo's root as seen from the test's package.
func AddSeeds(f *testing.F, root string) {
	f.Helper()
	for _, dir := range seedDirs {
		for _, pattern := range []string{"*.yaml", "*.yml"} {
			names, err := filepath.Glob(filepath.Join(root, dir, pattern))
			if err != nil {
				f.Fatal(err)
			}
			for _, name := range names {
				src, err := os.ReadFile(name)
				if err != nil {
					f.Fatal(err)
				}
				f.Add(src)
			}
		}
	}
}
