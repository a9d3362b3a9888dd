package cache

import (
	"fmt"
	"io/fs"
	"syscall"
)

// fileIdentity is a file's device, inode and change time.
func fileIdentity(info fs.FileInfo) string {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return fmt.Sprintf("%d %d %d", st.Dev, st.Ino, st.Ctim.Nano())
	}
	return ""
}
