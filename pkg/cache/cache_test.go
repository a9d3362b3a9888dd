package cache

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func open(t *testing.T, dir string) *Cache {
	t.Helper()
	c, err := Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func key(s string) Key { return NewKey("test").String(s).Key() }

func TestPutThenGet(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "c")
	c := open(t, dir)
	c.Put(key("a"), []byte("payload a"))
	c.Close()
	info, err := os.Lstat(dir)
	if err != nil || info.Mode().Perm() != 0o700 {
		t.Fatalf("cache directory: %v, mode %v; want 0700", err, info.Mode())
	}
	// Written in parts, the entry is the framing encode gives.
	if b, err := os.ReadFile(c.path(key("a"))); err != nil || string(b) != string(encode(key("a"), []byte("payload a"))) {
		t.Fatalf("entry on disk %q, %v", b, err)
	}
	c = open(t, dir)
	defer c.Close()
	if got, ok := c.Get(key("a")); !ok || string(got) != "payload a" {
		t.Fatalf("Get = %q, %v", got, ok)
	}
	if _, ok := c.Get(key("b")); ok {
		t.Fatal("Get of a key never put is a hit")
	}
	if s := c.Stats(); s.Hits != 1 || s.Misses != 1 || s.Rejected != 0 {
		t.Fatalf("stats %+v", s)
	}
}

func TestKeyPartsAreDelimited(t *testing.T) {
	if NewKey("k").String("ab").String("c").Key() == NewKey("k").String("a").String("bc").Key() {
		t.Fatal("parts ab,c and a,bc give one key")
	}
	if NewKey("k").String("a").Key() == NewKey("l").String("a").Key() {
		t.Fatal("two kinds share a key")
	}
}

// Every entry that is not a whole entry of its key is a miss, never trusted,
// and is removed, to be written again.
func TestUntrustedEntriesAreMisses(t *testing.T) {
	good := encode(key("a"), []byte("the findings of a"))
	other := encode(key("b"), []byte("the findings of b"))
	flipped := bytes.Clone(good)
	flipped[len(magic)+len(Key{})+3] ^= 1
	forged := bytes.Clone(good)
	copy(forged[len(magic)+len(Key{}):], "THE")
	resummed := append(append(append([]byte{}, magic...), key("a").String()[:32]...), []byte("x")...)
	cases := map[string][]byte{
		"truncated":           good[:len(good)-5],
		"truncated to none":   nil,
		"header only":         good[:len(magic)+len(Key{})],
		"a bit flipped":       flipped,
		"hand-edited":         forged,
		"another key's":       other, // swapped: b's entry where a's should be
		"foreign":             []byte("apiVersion: ers-onboarding/v1\n"),
		"wrong magic":         append([]byte("ERSLC\x02"), good[len(magic):]...),
		"a key not its own":   resummed,
		"longer than its sum": append(bytes.Clone(good), 0),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			c := open(t, dir)
			defer c.Close()
			p := c.path(key("a"))
			if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o600); err != nil {
				t.Fatal(err)
			}
			if got, ok := c.Get(key("a")); ok {
				t.Fatalf("a %s entry was trusted: %q", name, got)
			}
			if s := c.Stats(); s.Rejected+s.Misses == 0 {
				t.Fatalf("stats %+v", s)
			}
			if _, err := os.Stat(p); len(data) >= len(magic)+len(Key{})+32 && err == nil {
				t.Fatal("the untrusted entry was left in place")
			}
		})
	}
	// The good one, for contrast.
	dir := t.TempDir()
	c := open(t, dir)
	defer c.Close()
	p := c.path(key("a"))
	os.MkdirAll(filepath.Dir(p), 0o700)
	os.WriteFile(p, good, 0o600)
	if got, ok := c.Get(key("a")); !ok || string(got) != "the findings of a" {
		t.Fatalf("a good entry: %q, %v", got, ok)
	}
}

// An entry that is a link (to a file of the right content elsewhere) is not read.
func TestEntryThatIsALinkIsAMiss(t *testing.T) {
	dir := t.TempDir()
	c := open(t, dir)
	defer c.Close()
	elsewhere := filepath.Join(t.TempDir(), "entry")
	os.WriteFile(elsewhere, encode(key("a"), []byte("x")), 0o600)
	p := c.path(key("a"))
	os.MkdirAll(filepath.Dir(p), 0o700)
	if err := os.Symlink(elsewhere, p); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Get(key("a")); ok {
		t.Fatal("an entry that is a symbolic link was read")
	}
}

func TestUnsafeDirectoriesAreNotUsed(t *testing.T) {
	base := t.TempDir()
	real := filepath.Join(base, "real")
	os.Mkdir(real, 0o700)
	link := filepath.Join(base, "link")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	world := filepath.Join(base, "world")
	os.Mkdir(world, 0o700)
	os.Chmod(world, 0o777)
	group := filepath.Join(base, "group")
	os.Mkdir(group, 0o700)
	os.Chmod(group, 0o770)
	file := filepath.Join(base, "file")
	os.WriteFile(file, nil, 0o600)
	for dir, want := range map[string]string{link: "symbolic link", world: "writable by group or others", group: "writable by group or others", file: ""} {
		c, err := Open(dir, 0)
		var unsafe *UnsafeError
		if !errors.As(err, &unsafe) || !strings.Contains(err.Error(), want) {
			c.Close()
			t.Errorf("Open(%s) = %v, want an UnsafeError saying %q", filepath.Base(dir), err, want)
		}
	}
	// Nothing was written through the link.
	if names, _ := os.ReadDir(real); len(names) != 0 {
		t.Fatalf("the link's target got %d files", len(names))
	}
}

func TestOwnedByAnotherUserIsNotUsed(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root can give a directory to another user")
	}
	dir := filepath.Join(t.TempDir(), "theirs")
	os.Mkdir(dir, 0o700)
	if err := os.Chown(dir, 12345, 12345); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, 0); err == nil || !strings.Contains(err.Error(), "owned by user 12345") {
		t.Fatalf("Open = %v, want it refused as another user's", err)
	}
}

// Two caches on one directory (two runs at once) writing the same entries,
// and reading them as they are written: every read is a whole entry or a miss.
func TestConcurrentRunsWriteTheSameEntries(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for run := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := Open(dir, 0)
			if err != nil {
				errs <- err
				return
			}
			for round := range 3 {
				for i := range 200 {
					k := key(fmt.Sprint(i))
					want := bytes.Repeat([]byte(fmt.Sprint(i)), 100+i)
					if got, ok := c.Get(k); ok && !bytes.Equal(got, want) {
						errs <- fmt.Errorf("run %d round %d: entry %d read back wrong", run, round, i)
						return
					}
					c.Put(k, want)
				}
			}
			c.Close()
			if s := c.Stats(); s.Rejected != 0 || s.WriteErrors != 0 {
				errs <- fmt.Errorf("run %d: %+v", run, s)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	u, _ := Info(dir)
	if u.Entries != 200 {
		t.Fatalf("%d entries, want 200 (and no temporary file left)", u.Entries)
	}
}

// failing is a file on a full disk: it takes some bytes, then fails.
type failing struct {
	f    *os.File
	room int
}

func (w *failing) Write(p []byte) (int, error) {
	if len(p) > w.room {
		n, _ := w.f.Write(p[:w.room])
		w.room = 0
		return n, &os.PathError{Op: "write", Path: w.f.Name(), Err: syscall.ENOSPC}
	}
	w.room -= len(p)
	return w.f.Write(p)
}
func (w *failing) Close() error { return w.f.Close() }
func (w *failing) Name() string { return w.f.Name() }

// A full disk: writes fail, are counted and said, leave nothing half-written
// behind, and stop being tried; reads go on.
func TestFullDisk(t *testing.T) {
	dir := t.TempDir()
	c := open(t, dir)
	c.Put(key("before"), []byte("written before the disk filled"))
	c.Close()
	c = open(t, dir)
	c.createTemp = func(dir, pattern string) (writeFile, error) {
		f, err := os.CreateTemp(dir, pattern)
		if err != nil {
			return nil, err
		}
		return &failing{f: f, room: 10}, nil
	}
	for i := range 50 {
		c.Put(key(fmt.Sprint(i)), bytes.Repeat([]byte("x"), 100))
	}
	if _, ok := c.Get(key("before")); !ok {
		t.Fatal("an entry written before could not be read")
	}
	c.Close()
	s := c.Stats()
	if s.WriteErrors != 50 || !errors.Is(s.WriteErr, syscall.ENOSPC) || s.Written != 0 {
		t.Fatalf("stats %+v, want 50 failed writes, no space left", s)
	}
	u, _ := Info(dir)
	if u.Entries != 1 {
		t.Fatalf("%d entries after a full disk, want the 1 written before", u.Entries)
	}
	var temps []string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if strings.HasPrefix(filepath.Base(p), ".tmp-") {
			temps = append(temps, p)
		}
		return nil
	})
	if len(temps) != 0 {
		t.Fatalf("half-written files left: %v", temps)
	}
}

// The least recently used entries go first when the cache is over its bound.
func TestTrimRemovesLeastRecentlyUsed(t *testing.T) {
	dir := t.TempDir()
	c := open(t, dir)
	for i := range 20 {
		c.Put(key(fmt.Sprint(i)), bytes.Repeat([]byte("y"), 5000))
	}
	c.Close()
	old := time.Now().Add(-48 * time.Hour)
	for i := range 20 {
		at := old.Add(time.Duration(i) * time.Minute)
		os.Chtimes(c.path(key(fmt.Sprint(i))), at, at)
	}
	// Reading entry 0 marks it used now.
	c = open(t, dir)
	if _, ok := c.Get(key("0")); !ok {
		t.Fatal("entry 0 missing")
	}
	c.Close()
	u, _ := Info(dir)
	bound := u.Bytes / 2
	if _, err := Trim(dir, bound); err != nil {
		t.Fatal(err)
	}
	after, _ := Info(dir)
	if after.Bytes > bound || after.Entries == 0 {
		t.Fatalf("after trimming to %d bytes: %+v", bound, after)
	}
	for i, want := range map[int]bool{0: true, 19: true, 1: false, 2: false} {
		if _, err := os.Stat(c.path(key(fmt.Sprint(i)))); (err == nil) != want {
			t.Errorf("entry %d kept = %v, want %v", i, err == nil, want)
		}
	}
}

func TestClean(t *testing.T) {
	dir := t.TempDir()
	c := open(t, dir)
	c.Put(key("a"), []byte("a"))
	c.Close()
	if err := Clean(dir); err != nil {
		t.Fatal(err)
	}
	if u, _ := Info(dir); u.Entries != 0 {
		t.Fatalf("%d entries after clean", u.Entries)
	}
}

func TestDefaultDir(t *testing.T) {
	env := map[string]string{}
	get := func(k string) string { return env[k] }
	env["XDG_CACHE_HOME"] = "/xdg"
	if d, _ := DefaultDir(get); d != "/xdg/erslint" {
		t.Errorf("XDG: %s", d)
	}
	env["ERSLINT_CACHE_DIR"] = "/mine"
	if d, _ := DefaultDir(get); d != "/mine" {
		t.Errorf("ERSLINT_CACHE_DIR: %s", d)
	}
}
