package gitrepo

import (
	"io/fs"
	"syscall"
)

// statOf is a file's stat data as git's index records it.
func statOf(info fs.FileInfo) (indexEntry, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return indexEntry{}, false
	}
	return indexEntry{mtime: timeOf(st.Mtim.Sec, int(st.Mtim.Nsec)), ctime: timeOf(st.Ctim.Sec, int(st.Ctim.Nsec)),
		ino: uint32(st.Ino), dev: uint32(st.Dev)}, true
}
