//go:build unix

package lint

import (
	"errors"
	"os"
	"syscall"
)

// dirID identifies a directory however it is reached.
type dirID struct{ dev, ino uint64 }

func dirKey(info os.FileInfo) (dirID, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return dirID{}, false
	}
	return dirID{dev: uint64(st.Dev), ino: uint64(st.Ino)}, true // their types differ between systems
}

func isLinkLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }

// openNonBlocking opens path for reading. Without O_NONBLOCK, opening a named
// pipe would wait for a writer forever; with it, the caller can look at what it
// opened and refuse it. Reads of a regular file are not affected.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
