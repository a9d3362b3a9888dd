package gitrepo

import (
	"fmt"
	"strings"
	"testing"
)

// listingEntry is one entry as git ls-files --stage --debug -z writes it.
func listingEntry(mode, oid string, stage int, name string, flags uint32) string {
	return fmt.Sprintf("%s %s %d\t%s\x00  ctime: 1700000000:1\n  mtime: 1700000000:2\n  dev: 3\tino: 4\n  uid: 0\tgid: 0\n  size: 5\tflags: %x\n",
		mode, oid, stage, name, flags)
}

// The index keeps, by name, the files git would vouch for: plain files at
// stage 0 with an object id as git spells one (SHA-1 or SHA-256, lower
// case); a name listed twice is vouched for by neither entry; git's order
// is not trusted to be sorted.
func TestParseListing(t *testing.T) {
	sha1 := strings.Repeat("ab", 20)
	sha256 := strings.Repeat("c0", 32)
	listing := strings.Join([]string{
		listingEntry("100644", sha1, 0, "z.yaml", 0),
		listingEntry("100755", sha256, 0, "b/run.yaml", 0),
		listingEntry("100644", sha1, 0, "a.yaml", 0),
		listingEntry("100644", strings.ToUpper(sha1), 0, "upper.yaml", 0),
		listingEntry("100644", sha1[:39], 0, "short.yaml", 0),
		listingEntry("100644", sha1, 0, "twice.yaml", 0),
		listingEntry("100644", sha256, 0, "twice.yaml", 0),
		listingEntry("120000", sha1, 0, "link.yaml", 0),
		listingEntry("100644", sha1, 2, "conflict.yaml", 0),
		listingEntry("100644", sha1, 0, "new.yaml", 1<<29),
		listingEntry("100644", sha1, 0, ".gitattributes", 0),
	}, "")
	ix, attributes, err := parseListing([]byte(listing))
	if err != nil {
		t.Fatal(err)
	}
	if !attributes {
		t.Error("the .gitattributes entry was not seen")
	}
	for _, tc := range []struct{ name, oid string }{
		{"a.yaml", sha1},
		{"b/run.yaml", sha256},
		{"z.yaml", sha1},
		{".gitattributes", sha1},
		{"upper.yaml", ""},
		{"short.yaml", ""},
		{"twice.yaml", ""},
		{"link.yaml", ""},
		{"conflict.yaml", ""},
		{"new.yaml", ""},
		{"missing.yaml", ""},
	} {
		got := ""
		if e := ix.lookup(tc.name); e != nil {
			got = fmt.Sprintf("%x", e.oid[:e.oidLen])
			if ix.name(e) != tc.name {
				t.Errorf("lookup(%q) found %q", tc.name, ix.name(e))
			}
		}
		if got != tc.oid {
			t.Errorf("%s: oid %q, want %q", tc.name, got, tc.oid)
		}
	}
	if len(ix.entries) != 4 {
		t.Errorf("%d entries kept, want 4", len(ix.entries))
	}
	for name, want := range map[string]bool{"sub/.gitattributes": true, "x.gitattributes": false, "sub/x.gitattributes": false, ".gitattributes/x": false} {
		_, got, err := parseListing([]byte(listingEntry("100644", sha1, 0, name, 0)))
		if err != nil || got != want {
			t.Errorf("%s: attributes %v (%v), want %v", name, got, err, want)
		}
	}
	for _, bad := range []string{"100644 x 0 no-tab\x00", listingEntry("100644", sha1, 0, "a", 0)[:60]} {
		if _, _, err := parseListing([]byte(bad)); err == nil {
			t.Errorf("parseListing(%q) took it", bad)
		}
	}
}
