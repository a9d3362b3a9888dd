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
