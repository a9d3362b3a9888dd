package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"runtime/debug"
)

// BuildID identifies the erslint build that runs, for every key: its module
// versions and VCS stamp, and a SHA-256 of the executable itself, so that a
// build of changed code (the same version, other code) never reads another's
// entries, while a rebuild of the same code (a CI job building the action)
// reads them. The executable's hash is kept in the cache by the file's size,
// times and inode, so it is computed once per build.
func (c *Cache) BuildID() string {
	c.buildOnce.Do(func() { c.buildID = c.computeBuildID() })
	return c.buildID
}

func (c *Cache) computeBuildID() string {
	id := "unknown build"
	if info, ok := debug.ReadBuildInfo(); ok {
		id = info.String()
	}
	exe, err := os.Executable()
	if err != nil {
		return id
	}
	f, err := os.Open(exe)
	if err != nil {
		return id
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return id
	}
	k := NewKey("executable").String(exe).Int(st.Size()).Int(st.ModTime().UnixNano()).String(fileIdentity(st)).Key()
	if sum, ok := c.Get(k); ok && len(sum) == sha256.Size {
		return id + "\nexecutable " + hex.EncodeToString(sum)
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return id + "\nexecutable unreadable " + exe
	}
	sum := h.Sum(nil)
	c.Put(k, sum)
	return id + "\nexecutable " + hex.EncodeToString(sum)
}
