// Package cache is erslint's content-addressed cache: entries named by a key
// (a SHA-256 of everything that decides them), kept in a directory of the
// user's, written atomically and verified when read. The cache only ever saves
// time: an entry that is missing, corrupt, foreign or forged is a miss, and a
// cache that cannot be written leaves the run as it would be without one.
package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultMaxBytes bounds the cache on disk unless configured otherwise.
const DefaultMaxBytes = 256 << 20

// maxEntryBytes bounds what one entry read may hold: an entry is one file's
// results, far smaller; anything larger is not erslint's.
const maxEntryBytes = 64 << 20

// layout names the directory of this entry format under the cache directory:
// a later format gets its own, and never reads these.
const layout = "v1"

var magic = []byte("ERSLC\x01")

// Key names an entry: a SHA-256 of its kind and every input that decides it.
type Key [sha256.Size]byte

func (k Key) String() string { return hex.EncodeToString(k[:]) }

// KeyBuilder hashes the parts of a key, each with its length so that no two
// different lists of parts hash alike.
type KeyBuilder struct{ h hashWriter }

type hashWriter interface {
	io.Writer
	Sum([]byte) []byte
}

// NewKey starts a key of the given kind (entries of different kinds never share a key).
func NewKey(kind string) *KeyBuilder {
	b := &KeyBuilder{h: sha256.New()}
	return b.String(kind)
}

// Bytes adds a part.
func (b *KeyBuilder) Bytes(p []byte) *KeyBuilder {
	var n [binary.MaxVarintLen64]byte
	b.h.Write(n[:binary.PutUvarint(n[:], uint64(len(p)))])
	b.h.Write(p)
	return b
}

// String adds a part.
func (b *KeyBuilder) String(s string) *KeyBuilder { return b.Bytes([]byte(s)) }

// Int adds a part.
func (b *KeyBuilder) Int(v int64) *KeyBuilder {
	var n [binary.MaxVarintLen64]byte
	return b.Bytes(n[:binary.PutVarint(n[:], v)])
}

// Key is the key of the parts added.
func (b *KeyBuilder) Key() Key {
	var k Key
	copy(k[:], b.h.Sum(nil))
	return k
}

// Stats count what a run did with the cache.
type Stats struct {
	Hits, Misses int64
	Rejected     int64 // entries found but not trusted: corrupt, truncated, foreign
	Written      int64
	WriteErrors  int64
	WriteErr     error // the first write error
}

// Cache is an open cache directory. It is safe for concurrent use, and
// several processes may use one directory at once: each entry is written to a
// temporary file and renamed into place, so a reader sees a whole entry or none.
type Cache struct {
	dir      string
	maxBytes int64

	hits, misses, rejected, written, writeErrors atomic.Int64
	writeBytes                                   atomic.Int64

	mu       sync.Mutex
	writeErr error
	queue    chan pending
	done     sync.WaitGroup
	closed   bool

	shards    sync.Map // shard directories known to exist: one mkdir each, not one per write
	buildOnce sync.Once
	buildID   string

	// createTemp is os.CreateTemp; tests replace it to fail writes (a full disk).
	createTemp func(dir, pattern string) (writeFile, error)
	now        func() time.Time
}

// writeFile is what an entry is written to: an *os.File.
type writeFile interface {
	io.Writer
	Close() error
	Name() string
}

type pending struct {
	key     Key
	payload []byte
}

// UnsafeError says why a cache directory is not used.
type UnsafeError struct {
	Dir    string
	Reason string
}

func (e *UnsafeError) Error() string {
	return fmt.Sprintf("cache directory %s is not used: %s", e.Dir, e.Reason)
}

// DefaultDir is where the cache lives: $ERSLINT_CACHE_DIR, else
// $XDG_CACHE_HOME/erslint, else erslint in the user's cache directory.
func DefaultDir(getenv func(string) string) (string, error) {
	if d := getenv("ERSLINT_CACHE_DIR"); d != "" {
		return filepath.Abs(d)
	}
	if d := getenv("XDG_CACHE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "erslint"), nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory: %w (set ERSLINT_CACHE_DIR)", err)
	}
	return filepath.Join(d, "erslint"), nil
}

// Open opens the cache in dir, creating it (mode 0700) when missing. A
// directory that is a symbolic link, not a directory, owned by another user,
// or writable by group or others is not used: an *UnsafeError says why.
// maxBytes bounds its size on disk (0: DefaultMaxBytes).
func Open(dir string, maxBytes int64) (*Cache, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, &UnsafeError{Dir: dir, Reason: fmt.Sprintf("cannot create it: %v", unwrapPath(err))}
	}
	if err := checkDir(dir); err != nil {
		return nil, err
	}
	root := filepath.Join(dir, layout)
	if err := os.Mkdir(root, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, &UnsafeError{Dir: dir, Reason: fmt.Sprintf("cannot create %s in it: %v", layout, unwrapPath(err))}
	}
	if err := checkDir(root); err != nil {
		return nil, err
	}
	writeTag(dir)
	c := &Cache{dir: dir, maxBytes: maxBytes, queue: make(chan pending, 256), now: time.Now,
		createTemp: func(dir, pattern string) (writeFile, error) { return os.CreateTemp(dir, pattern) }}
	c.done.Add(1)
	go c.writer()
	return c, nil
}

// checkDir refuses a directory another user could change under us.
func checkDir(dir string) error {
	info, err := os.Lstat(dir)
	if err != nil {
		return &UnsafeError{Dir: dir, Reason: unwrapPath(err).Error()}
	}
	switch {
	case info.Mode()&fs.ModeSymlink != 0:
		return &UnsafeError{Dir: dir, Reason: "it is a symbolic link (name the directory it points to, if it is yours)"}
	case !info.IsDir():
		return &UnsafeError{Dir: dir, Reason: "it is not a directory"}
	case info.Mode().Perm()&0o022 != 0:
		return &UnsafeError{Dir: dir, Reason: fmt.Sprintf("it is writable by group or others (mode %04o; chmod 700 it)", info.Mode().Perm())}
	}
	if reason := foreignOwner(info); reason != "" {
		return &UnsafeError{Dir: dir, Reason: reason}
	}
	return nil
}

// writeTag marks the directory as a cache for backup tools (bford.info/cachedir).
func writeTag(dir string) {
	p := filepath.Join(dir, "CACHEDIR.TAG")
	if _, err := os.Lstat(p); err == nil {
		return
	}
	_ = os.WriteFile(p, []byte("Signature: 8a477f597d28d172789f06886806bc55\n# erslint's cache: erslint cache clean empties it.\n"), 0o600)
}

// Dir is the cache's directory.
func (c *Cache) Dir() string { return c.dir }

func (c *Cache) path(k Key) string {
	s := k.String()
	return filepath.Join(c.dir, layout, s[:2], s[2:])
}

// Get returns the payload stored under k, when there is a whole, verified
// entry of that key: its header, its key and its checksum must all match.
func (c *Cache) Get(k Key) ([]byte, bool) {
	p := c.path(k)
	data, info, err := readEntry(p)
	if err != nil {
		c.misses.Add(1)
		return nil, false
	}
	payload, ok := verify(k, data)
	if !ok {
		c.rejected.Add(1)
		c.misses.Add(1)
		_ = os.Remove(p) // rewritten by this run
		return nil, false
	}
	c.hits.Add(1)
	// Least recently used goes first when the cache is trimmed: an entry
	// used again is marked, at most once an hour to spare the writes.
	if now := c.now(); now.Sub(info.ModTime()) > time.Hour {
		_ = os.Chtimes(p, now, now)
	}
	return payload, true
}

func readEntry(p string) ([]byte, fs.FileInfo, error) {
	f, err := openNoFollow(p)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if !info.Mode().IsRegular() || info.Size() > maxEntryBytes {
		return nil, nil, errors.New("not an entry")
	}
	data := make([]byte, info.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, nil, err
	}
	return data, info, nil
}

// encode frames a payload: magic, key, payload, and a SHA-256 of them all.
func encode(k Key, payload []byte) []byte {
	out := make([]byte, 0, len(magic)+len(k)+len(payload)+sha256.Size)
	out = append(out, magic...)
	out = append(out, k[:]...)
	out = append(out, payload...)
	sum := sha256.Sum256(out)
	return append(out, sum[:]...)
}

// verify returns the payload of data when it is an entry of k, whole.
func verify(k Key, data []byte) ([]byte, bool) {
	head := len(magic) + len(k)
	if len(data) < head+sha256.Size || !bytes.Equal(data[:len(magic)], magic) || !bytes.Equal(data[len(magic):head], k[:]) {
		return nil, false
	}
	body := data[:len(data)-sha256.Size]
	sum := sha256.Sum256(body)
	if !bytes.Equal(sum[:], data[len(body):]) {
		return nil, false
	}
	return body[head:], true
}

// Put stores payload under k, in the background: Close waits for it. A write
// that fails (a full disk, a read-only directory) is counted, and the run goes
// on; after the first failure no more writes are tried.
func (c *Cache) Put(k Key, payload []byte) {
	c.mu.Lock()
	stop := c.closed || c.writeErr != nil
	c.mu.Unlock()
	if stop {
		if !c.closed {
			c.writeErrors.Add(1)
		}
		return
	}
	c.queue <- pending{k, payload}
}

func (c *Cache) writer() {
	defer c.done.Done()
	for p := range c.queue {
		c.mu.Lock()
		failed := c.writeErr != nil
		c.mu.Unlock()
		if failed {
			c.writeErrors.Add(1)
			continue
		}
		if err := c.write(p.key, p.payload); err != nil {
			c.writeErrors.Add(1)
			c.mu.Lock()
			if c.writeErr == nil {
				c.writeErr = err
			}
			c.mu.Unlock()
			continue
		}
		c.written.Add(1)
	}
}

// write writes an entry to a temporary file beside its place and renames it
// there: concurrent writers of one key each rename a whole entry.
func (c *Cache) write(k Key, payload []byte) error {
	p := c.path(k)
	dir := filepath.Dir(p)
	if _, known := c.shards.Load(dir); !known {
		if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
			return unwrapPath(err)
		}
		c.shards.Store(dir, true)
	}
	f, err := c.createTemp(dir, ".tmp-*")
	if err != nil {
		return unwrapPath(err)
	}
	// The entry is written in its parts, not copied into one buffer: a
	// pack of a large repository's entries is megabytes.
	sum := sha256.New()
	sum.Write(magic)
	sum.Write(k[:])
	sum.Write(payload)
	var werr error
	for _, part := range [][]byte{magic, k[:], payload, sum.Sum(nil)} {
		if _, err := f.Write(part); err != nil {
			werr = err
			break
		}
	}
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		_ = os.Remove(f.Name())
		return unwrapPath(err)
	}
	if err := os.Rename(f.Name(), p); err != nil {
		_ = os.Remove(f.Name())
		return unwrapPath(err)
	}
	c.writeBytes.Add(int64(len(magic) + len(k) + len(payload) + sha256.Size))
	return nil
}

// Close waits for the writes, then trims the cache to its bound when this
// run wrote enough to matter, or it has not been trimmed for a while.
func (c *Cache) Close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	c.mu.Unlock()
	close(c.queue)
	c.done.Wait()
	if c.written.Load() == 0 {
		return
	}
	stamp := filepath.Join(c.dir, layout, ".trimmed")
	info, err := os.Stat(stamp)
	if err == nil && c.now().Sub(info.ModTime()) < 10*time.Minute && c.writeBytes.Load() < c.maxBytes/64 {
		return
	}
	_, _ = Trim(c.dir, c.maxBytes)
	if f, err := os.OpenFile(stamp, os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
		f.Close()
		now := c.now()
		_ = os.Chtimes(stamp, now, now)
	}
}

// Stats are the counts so far.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Rejected: c.rejected.Load(),
		Written: c.written.Load(), WriteErrors: c.writeErrors.Load(), WriteErr: c.writeErr}
}

// Usage is what a cache directory holds.
type Usage struct {
	Entries int
	Bytes   int64 // on disk, in whole blocks where the system says
}

type entryFile struct {
	path  string
	size  int64
	mtime time.Time
}

// scan lists the entries of dir, and removes the temporary files of writes
// that never finished (a run killed mid-write) once they are an hour old.
func scan(dir string) ([]entryFile, error) {
	root := filepath.Join(dir, layout)
	shards, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []entryFile
	for _, s := range shards {
		if !s.IsDir() || len(s.Name()) != 2 {
			continue
		}
		sub := filepath.Join(root, s.Name())
		names, err := os.ReadDir(sub)
		if err != nil {
			continue
		}
		for _, n := range names {
			info, err := n.Info()
			if err != nil || !info.Mode().IsRegular() {
				continue
			}
			p := filepath.Join(sub, n.Name())
			if n.Name()[0] == '.' {
				if time.Since(info.ModTime()) > time.Hour {
					_ = os.Remove(p)
				}
				continue
			}
			out = append(out, entryFile{path: p, size: diskSize(info), mtime: info.ModTime()})
		}
	}
	return out, nil
}

// Info says what the cache in dir holds.
func Info(dir string) (Usage, error) {
	entries, err := scan(dir)
	var u Usage
	for _, e := range entries {
		u.Entries++
		u.Bytes += e.size
	}
	return u, err
}

// Trim removes the least recently used entries of dir until it holds at
// most nine tenths of maxBytes, when it holds more than maxBytes; it returns
// how many it removed.
func Trim(dir string, maxBytes int64) (int, error) {
	entries, err := scan(dir)
	if err != nil {
		return 0, err
	}
	var total int64
	for _, e := range entries {
		total += e.size
	}
	if total <= maxBytes {
		return 0, nil
	}
	sortByTime(entries)
	removed := 0
	for _, e := range entries {
		if total <= maxBytes/10*9 {
			break
		}
		if os.Remove(e.path) == nil {
			total -= e.size
			removed++
		}
	}
	return removed, nil
}

// Clean removes every entry of the cache in dir, and the entries of older
// formats; the directory itself stays. A directory that is not safe to use is
// not touched.
func Clean(dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err := checkDir(dir); err != nil {
		return err
	}
	names, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, n := range names {
		if n.Name() == "CACHEDIR.TAG" {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, n.Name())); err != nil {
			return err
		}
	}
	return nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
