// Package readfile reads every file erslint reads (manifests, the configuration
// file, custom policies, standard input) within a size bound, and refuses what is
// not a regular file without blocking on it: a named pipe, a device such as
// /dev/zero, or a file that grows while it is read cannot stall a run or fill
// its memory.
package readfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// DefaultLimit is the size bound of a file when none is given: that of a
// manifest (--max-file-size), far above any real manifest, configuration file
// or policy (a large trust's manifest is ~50 KiB).
const DefaultLimit = 10 << 20

// TooLargeError is a file, or a stream, over the size limit.
type TooLargeError struct {
	Size  int64 // -1 when not known exactly: a stream, or a file that grew
	Limit int64
}

func (e *TooLargeError) Error() string { return TooLarge(e.Size, e.Limit) }

// TooLarge is the message for a file of size bytes over the limit; a negative
// size is one not known exactly (the file grew while it was read, or a stream).
func TooLarge(size, limit int64) string {
	if size < 0 {
		return fmt.Sprintf("file is over the limit of %d bytes; split it into smaller files (or raise --max-file-size)", limit)
	}
	return fmt.Sprintf("file is %d bytes, over the limit of %d bytes; split it into smaller files (or raise --max-file-size)", size, limit)
}

// NotRegularError is a path that leads to something other than a regular file.
type NotRegularError struct{ Mode fs.FileMode }

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("this is a %s, not a regular file: not read, as reading it could block the run or never end", Kind(e.Mode))
}

// Bounded reads the regular file at path, refusing one larger than limit
// without reading it all: it reads at most limit+1 bytes whatever the file
// claims to hold. The file is opened without blocking and checked after it is
// opened, so a named pipe (or one swapped in after a walk saw a regular file)
// is refused at once instead of waiting for a writer. Errors are
// *TooLargeError, *NotRegularError, or the system's error without the path.
func Bounded(path string, limit int64) ([]byte, error) {
	f, err := OpenNonBlocking(path)
	if err != nil {
		return nil, Unwrap(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, Unwrap(err)
	}
	if !info.Mode().IsRegular() {
		return nil, &NotRegularError{Mode: info.Mode()}
	}
	if info.Size() > limit {
		return nil, &TooLargeError{Size: info.Size(), Limit: limit}
	}
	// Read into a buffer of the size the file claims, not one grown by
	// doubling: a 40 MB file (reference data) would cost twice its size.
	buf := bytes.NewBuffer(make([]byte, 0, info.Size()+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, Unwrap(err)
	}
	if int64(buf.Len()) > limit {
		return nil, &TooLargeError{Size: -1, Limit: limit}
	}
	return buf.Bytes(), nil
}

// All reads r to its end, or fails with *TooLargeError as soon as it has
// given more than limit bytes: standard input gets the bound of a file.
func All(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, Unwrap(err)
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Size: -1, Limit: limit}
	}
	return data, nil
}

// Unwrap drops the path (and the operation) from a *fs.PathError: callers name
// the file themselves, as a report does.
func Unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Kind names a file that is neither regular nor a directory.
func Kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	case m&fs.ModeIrregular != 0:
		return "irregular file"
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	case m.IsDir():
		return "directory"
	}
	return "special file (" + m.Type().String() + ")"
}
