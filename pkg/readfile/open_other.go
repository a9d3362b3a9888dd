//go:build !unix

package readfile

import "os"

// OpenNonBlocking opens path for reading; without O_NONBLOCK on this system, a
// named pipe cannot be refused before it is opened.
func OpenNonBlocking(path string) (*os.File, error) { return os.Open(path) }
