package gitrepo

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Index is what git's index says of each tracked file of a work tree: its
// blob id, and the file's size, times and inode when git last saw it. Where
// a file on disk still has those, its content is that blob, as git status
// decides; erslint's cache then knows the file without reading it.
type Index struct {
	top   string // the work tree's top level, a real path
	wd    string // the working directory, a real path
	names string // every entry's name, one after another
	// entries are by name, bytewise as git sorts them. Neither they nor names
	// hold a pointer: a repository of 100,000 files is two objects the
	// collector does not scan, kept for the whole run, not 300,000.
	entries []indexEntry
	stamp   statTime // the index file's modification time: newer entries are racy
}

type statTime struct{ sec, nsec uint32 }

func (a statTime) before(b statTime) bool {
	return a.sec < b.sec || a.sec == b.sec && a.nsec < b.nsec
}

type indexEntry struct {
	nameAt, nameLen uint32 // its name in Index.names
	oid             [32]byte
	oidLen          uint8 // 20 (SHA-1) or 32 (SHA-256); 0: none vouched for
	ctime, mtime    statTime
	dev, ino        uint32
	size            uint32
}

func (ix *Index) name(e *indexEntry) string { return ix.names[e.nameAt : e.nameAt+e.nameLen] }

// lookup is the entry of name, nil when the index has none.
func (ix *Index) lookup(name string) *indexEntry {
	i, found := slices.BinarySearchFunc(ix.entries, name, func(e indexEntry, target string) int {
		return strings.Compare(ix.name(&e), target)
	})
	if !found {
		return nil
	}
	return &ix.entries[i]
}

// maxIndexListing bounds git ls-files --debug (about 170 bytes a file).
const maxIndexListing = 512 << 20

// ReadIndex reads the index of the work tree holding dir. It returns nil
// (and no blob ids) when dir is not in a work tree, or when git would not
// store a file's bytes as they are: line-ending conversion (core.autocrlf)
// for every file, and, per file, any attribute that converts (text, eol,
// filter, ident, working-tree-encoding), such as Git LFS's pointers.
func ReadIndex(ctx context.Context, dir string) (*Index, error) {
	if !mayBeInWorkTree(dir) {
		return nil, nil
	}
	// One git each for the paths and the settings: a warm run is short.
	out, err := run(ctx, dir, 1<<16, "rev-parse", "--show-toplevel", "--git-path", "index", "--git-path", "info/attributes")
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) != 3 {
		return nil, errors.New("git rev-parse: unexpected answer")
	}
	top, indexPath, infoAttributes := lines[0], lines[1], lines[2]
	if !filepath.IsAbs(indexPath) {
		indexPath = filepath.Join(dir, indexPath)
	}
	if !filepath.IsAbs(infoAttributes) {
		infoAttributes = filepath.Join(dir, infoAttributes)
	}
	settings, ok := configValues(ctx, dir, "core.autocrlf", "core.attributesfile")
	if !ok {
		return nil, nil // the settings are not known: no blob id is vouched for
	}
	if v, set := settings["core.autocrlf"]; set && !isFalse(v) {
		return nil, nil // true or input: every text file is converted
	}
	before, err := os.Stat(indexPath)
	if err != nil {
		return nil, nil // no index yet: nothing is tracked
	}
	listing, err := run(ctx, dir, maxIndexListing, "ls-files", "--stage", "--debug", "-z", "--full-name")
	if err != nil {
		return nil, err
	}
	after, err := os.Stat(indexPath)
	if err != nil || !after.ModTime().Equal(before.ModTime()) || after.Size() != before.Size() {
		return nil, nil // the index changed while it was read
	}
	wd, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if real, err := filepath.EvalSymlinks(wd); err == nil {
		wd = real
	}
	ix, attributes, err := parseListing(listing)
	if err != nil {
		return nil, err
	}
	ix.top, ix.wd = filepath.FromSlash(top), wd
	ix.stamp = timeOf(after.ModTime().Unix(), after.ModTime().Nanosecond())
	if attributes || hasAttributeFiles(infoAttributes, settings) || ix.untrackedAttributes() {
		if err := ix.dropConverted(ctx, dir); err != nil {
			return nil, err
		}
	}
	return ix, nil
}

// untrackedAttributes says whether a .gitattributes file that git does not
// track is on disk in the directory of an entry or above it: git reads it as
// it reads a tracked one. A directory that cannot be looked in counts as
// having one.
func (ix *Index) untrackedAttributes() bool {
	seen := map[string]bool{}
	for i := range ix.entries {
		for dir := path.Dir(ix.name(&ix.entries[i])); !seen[dir]; dir = path.Dir(dir) {
			seen[dir] = true
			if _, err := os.Lstat(filepath.Join(ix.top, filepath.FromSlash(dir), ".gitattributes")); !errors.Is(err, fs.ErrNotExist) {
				return true
			}
			if dir == "." {
				break
			}
		}
	}
	return false
}

// parseListing reads the entries of git ls-files --stage --debug -z;
// attributes says whether a .gitattributes file is among them.
func parseListing(listing []byte) (ix *Index, attributes bool, err error) {
	ix = &Index{}
	var names []byte
	for len(listing) > 0 {
		var e indexEntry
		var name []byte
		var ok bool
		if listing, name, e, ok = parseIndexEntry(listing); !ok {
			return nil, false, errors.New("git ls-files --debug: unexpected output")
		}
		if string(name) == ".gitattributes" || bytes.HasSuffix(name, []byte("/.gitattributes")) {
			attributes = true
		}
		if e.oidLen == 0 {
			continue
		}
		if uint64(len(names))+uint64(len(name)) > math.MaxUint32 {
			return nil, false, errors.New("git ls-files --debug: more names than an index holds")
		}
		e.nameAt, e.nameLen = uint32(len(names)), uint32(len(name))
		names = append(names, name...)
		ix.entries = append(ix.entries, e)
	}
	ix.names = string(names)
	ix.sortEntries()
	return ix, attributes, nil
}

func timeOf(sec int64, nsec int) statTime { return statTime{uint32(sec), uint32(nsec)} }

// parseIndexEntry reads one entry of git ls-files --stage --debug -z:
// "MODE OID STAGE\tPATH\0" then five lines of stat data. An entry that is
// not a plain file at stage 0, as it is (no intent-to-add, no
// skip-worktree, no conflict), gets no oid.
func parseIndexEntry(b []byte) (rest []byte, name []byte, e indexEntry, ok bool) {
	tab := bytes.IndexByte(b, '\t')
	nul := bytes.IndexByte(b, 0)
	if tab < 0 || nul < tab {
		return nil, nil, e, false
	}
	head := bytes.Fields(b[:tab])
	name = b[tab+1 : nul]
	b = b[nul+1:]
	// Parsed in place: a large repository's index is many thousand entries.
	var fields [10]uint64
	n := 0
	for range 5 {
		nl := bytes.IndexByte(b, '\n')
		if nl < 0 {
			return nil, nil, e, false
		}
		for kv := range bytes.SplitSeq(bytes.TrimSpace(b[:nl]), []byte("\t")) {
			k, v, found := bytes.Cut(kv, []byte(": "))
			if !found {
				return nil, nil, e, false
			}
			base := uint64(10)
			if bytes.HasPrefix(k, []byte("flags")) {
				base = 16
			}
			for part := range bytes.SplitSeq(v, []byte(":")) {
				if n == len(fields) {
					return nil, nil, e, false
				}
				x, ok := parseUint(part, base)
				if !ok {
					return nil, nil, e, false
				}
				fields[n] = x
				n++
			}
		}
		b = b[nl+1:]
	}
	if n != 10 || len(head) != 3 {
		return nil, nil, e, false
	}
	// ctime s:ns, mtime s:ns, dev, ino, uid, gid, size, flags
	const (
		conflicted   = 1 << 23
		intentToAdd  = 1 << 29
		skipWorktree = 1 << 30
		stageMask    = 0x3000
	)
	if mode := string(head[0]); (mode == "100644" || mode == "100755") && string(head[2]) == "0" && fields[9]&(conflicted|intentToAdd|skipWorktree|stageMask) == 0 {
		e = indexEntry{ctime: statTime{uint32(fields[0]), uint32(fields[1])},
			mtime: statTime{uint32(fields[2]), uint32(fields[3])}, dev: uint32(fields[4]), ino: uint32(fields[5]), size: uint32(fields[8])}
		// An object id of another length or spelling is vouched for by none.
		if n := len(head[1]); (n == 40 || n == 64) && isLowerHex(head[1]) {
			hex.Decode(e.oid[:], head[1])
			e.oidLen = uint8(n / 2)
		}
	}
	return b, name, e, true
}

func isLowerHex(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// sortEntries puts the entries in order of name, as git lists them already,
// and drops a name listed twice: which of its entries is the file's, the
// index does not say.
func (ix *Index) sortEntries() {
	less := func(a, b indexEntry) int { return strings.Compare(ix.name(&a), ix.name(&b)) }
	if !slices.IsSortedFunc(ix.entries, less) {
		slices.SortStableFunc(ix.entries, less)
	}
	kept := make([]indexEntry, 0, len(ix.entries))
	for i := range ix.entries {
		name := ix.name(&ix.entries[i])
		if i > 0 && ix.name(&ix.entries[i-1]) == name || i+1 < len(ix.entries) && ix.name(&ix.entries[i+1]) == name {
			continue
		}
		kept = append(kept, ix.entries[i])
	}
	ix.entries = kept
}

// parseUint is strconv.ParseUint(string(b), base, 64) for base 10 or 16.
func parseUint(b []byte, base uint64) (uint64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	var x uint64
	for _, c := range b {
		var d uint64
		switch {
		case '0' <= c && c <= '9':
			d = uint64(c - '0')
		case base == 16 && 'a' <= c && c <= 'f':
			d = uint64(c-'a') + 10
		case base == 16 && 'A' <= c && c <= 'F':
			d = uint64(c-'A') + 10
		default:
			return 0, false
		}
		if x > (math.MaxUint64-d)/base {
			return 0, false // overflows
		}
		x = x*base + d
	}
	return x, true
}

// configValues is git's value of each of keys (lower case) that is set, the
// last one where a key is set more than once, as git reads it; "" with no
// value (such as "[core] autocrlf", which means true); false when git's
// answer is not had (an error, or more than is read), which is not "none set".
func configValues(ctx context.Context, dir string, keys ...string) (map[string]*string, bool) {
	pattern := "^(" + strings.ReplaceAll(strings.Join(keys, "|"), ".", `\.`) + ")$"
	out, err := run(ctx, dir, 1<<16, "config", "-z", "--get-regexp", pattern)
	values := map[string]*string{}
	if err != nil {
		var gitErr *Error
		// None set: git says so with status 1, and nothing else.
		return values, errors.As(err, &gitErr) && gitErr.ExitCode == 1
	}
	// KEY\nVALUE\0, or KEY\0 for a key without a value.
	for _, item := range strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		key, value, _ := strings.Cut(item, "\n")
		values[strings.ToLower(key)] = &value
	}
	return values, true
}

// isFalse is git's false for a setting: false, no, off, 0 (any case). A
// setting without a value is true; an empty one is taken as not false, so
// that a doubt costs reading the file, never a wrong blob id.
func isFalse(v *string) bool {
	switch strings.ToLower(strings.TrimSpace(*v)) {
	case "false", "no", "off", "0":
		return true
	}
	return false
}

// hasAttributeFiles tells whether attributes may come from outside the tree:
// $GIT_DIR/info/attributes (at infoAttributes) or core.attributesFile (or
// its default).
func hasAttributeFiles(infoAttributes string, settings map[string]*string) bool {
	if _, err := os.Stat(infoAttributes); err == nil {
		return true
	}
	if _, set := settings["core.attributesfile"]; set {
		return true
	}
	cfg := os.Getenv("XDG_CONFIG_HOME")
	if cfg == "" {
		if home, err := os.UserHomeDir(); err == nil {
			cfg = filepath.Join(home, ".config")
		}
	}
	if cfg != "" {
		if _, err := os.Stat(filepath.Join(cfg, "git", "attributes")); err == nil {
			return true
		}
	}
	return false
}

// dropConverted forgets the blob id of every file that an attribute converts
// between the work tree and the blob.
func (ix *Index) dropConverted(ctx context.Context, dir string) error {
	if len(ix.entries) == 0 {
		return nil
	}
	var in bytes.Buffer
	for i := range ix.entries {
		in.WriteString(ix.name(&ix.entries[i]))
		in.WriteByte(0)
	}
	attrs := []string{"text", "eol", "crlf", "filter", "ident", "working-tree-encoding"}
	out, err := runInput(ctx, ix.top, maxIndexListing, &in, append([]string{"check-attr", "-z", "--stdin"}, attrs...)...)
	if err != nil {
		return err
	}
	// NAME\0ATTR\0VALUE\0 ...
	parts := bytes.Split(bytes.TrimSuffix(out, []byte{0}), []byte{0})
	if len(parts)%3 != 0 {
		return errors.New("git check-attr: unexpected output")
	}
	converted := map[string]bool{}
	for i := 0; i < len(parts); i += 3 {
		if v := string(parts[i+2]); v != "unspecified" && v != "unset" {
			converted[string(parts[i])] = true
		}
	}
	if len(converted) > 0 {
		ix.entries = slices.DeleteFunc(ix.entries, func(e indexEntry) bool { return converted[ix.name(&e)] })
	}
	return nil
}

// BlobID returns the blob id of the file at p (as lint names it on disk),
// when the index has it and the file's size, times and inode are still those
// the index recorded, and it was recorded before the index was last written
// (a file changed in the same instant would look unchanged: git's "racy"
// case, which git status settles by reading the file).
//
// info, when given, is p's os.Stat (p then names no link), to spare asking again.
func (ix *Index) BlobID(p string, info fs.FileInfo) (string, bool) {
	if ix == nil || len(ix.entries) == 0 {
		return "", false
	}
	abs := p
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(ix.wd, p)
	}
	rel, err := filepath.Rel(ix.top, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	e := ix.lookup(filepath.ToSlash(rel))
	if e == nil {
		return "", false
	}
	if info == nil {
		var err error
		if info, err = os.Lstat(p); err != nil {
			return "", false
		}
	}
	if !info.Mode().IsRegular() {
		return "", false
	}
	s, ok := statOf(info)
	if !ok {
		return "", false
	}
	if uint32(info.Size()) != e.size || s.mtime != e.mtime || s.ctime != e.ctime || s.ino != e.ino ||
		(e.dev != 0 && s.dev != e.dev) || !e.mtime.before(ix.stamp) {
		return "", false
	}
	return hex.EncodeToString(e.oid[:e.oidLen]), true
}
