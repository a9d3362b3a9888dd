package manifesttest

import (
	"os"
	"strings"
	"testing"
)

// DeepTree makes dir/<long>/<long>/.../m.yaml, a path longer than the system
// accepts (PATH_MAX, 4096 bytes on Linux), through os.Root so that each step is
// relative: its last directories cannot be searched by path, by root either.
// The walk tests use it for a directory no user can search.
func DeepTree(t testing.TB, dir string) {
	t.Helper()
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	name := strings.Repeat("d", 200)
	rel := name
	for range 24 {
		if err := r.Mkdir(rel, 0o755); err != nil {
			t.Fatal(err)
		}
		rel += "/" + name
	}
	if err := r.WriteFile(strings.TrimSuffix(rel, "/"+name)+"/m.yaml", []byte("a: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}
