package cache

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

// BuildID identifies the erslint build that runs, for every key: its module
// versions and VCS stamp, and what tells this executable from any other, so
// that a build of changed code (the same version, other code) never reads
// another's entries, while a rebuild of the same code (a CI job building the
// action) reads them.
//
// What tells it is the build ID the Go linker wrote into it, where it is an
// ELF file that has one: a hash of the build's inputs and of the executable's
// own content, the one Go's build cache trusts to tell builds apart. Else it
// is a SHA-256 of the executable, kept in the cache by the file's size, times
// and inode, so that it is computed once per build (for a 40 MB executable,
// 30 ms of a first run).
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
	if b := goBuildID(f); b != "" {
		return id + "\ngo build id " + b
	}
	st, err := f.Stat()
	if err != nil {
		return id
	}
	k := NewKey("executable").String(exe).Int(st.Size()).Int(st.ModTime().UnixNano()).String(fileIdentity(st)).Key()
	if sum, ok := c.Get(k); ok && len(sum) == sha256.Size {
		return id + "\nexecutable " + hex.EncodeToString(sum)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return id + "\nexecutable unreadable " + exe
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return id + "\nexecutable unreadable " + exe
	}
	sum := h.Sum(nil)
	c.Put(k, sum)
	return id + "\nexecutable " + hex.EncodeToString(sum)
}

// goBuildID is the Go build ID in the ELF note of the executable r, "" when
// it is not an ELF file or has no whole one. Only an ID of the shape the go
// command writes for an executable is taken: four hashes of 20 base64url
// characters, the last its content's, which the go command writes after
// linking. The linker writes an ID given with -ldflags=-buildid= as it is,
// with no hash of the content: two builds of different code could give the
// same one, so such an executable (or one built with an empty ID) is hashed.
func goBuildID(r io.ReaderAt) string {
	f, err := elf.NewFile(r)
	if err != nil {
		return ""
	}
	s := f.Section(".note.go.buildid")
	if s == nil || s.Type != elf.SHT_NOTE || s.Size < 16 || s.Size > 1024 {
		return ""
	}
	note, err := s.Data()
	if err != nil || len(note) < 16 {
		return ""
	}
	// An ELF note: name size, description size, type (4: Go's build ID),
	// the name "Go" padded to four bytes, then the ID.
	order := f.ByteOrder
	nameSize, idSize, kind := order.Uint32(note), order.Uint32(note[4:]), order.Uint32(note[8:])
	if nameSize != 4 || kind != 4 || !bytes.Equal(note[12:16], []byte("Go\x00\x00")) || uint64(idSize) > uint64(len(note)-16) {
		return ""
	}
	id := string(note[16 : 16+idSize])
	parts := strings.Split(id, "/")
	if len(parts) != 4 {
		return ""
	}
	for _, p := range parts {
		if len(p) != 20 || strings.ContainsFunc(p, func(r rune) bool {
			return !('A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' || r == '_')
		}) {
			return ""
		}
	}
	return id
}
