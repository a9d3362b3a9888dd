//go:build unix

package readfile

import (
	"os"
	"syscall"
)

// OpenNonBlocking opens path for reading. Without O_NONBLOCK, opening a named
// pipe would wait for a writer forever; with it, the caller can look at what it
// opened and refuse it. Reads of a regular file are not affected.
func OpenNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
