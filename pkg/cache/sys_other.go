//go:build !unix

package cache

import (
	"io/fs"
	"os"
)

func foreignOwner(fs.FileInfo) string { return "" }

func diskSize(info fs.FileInfo) int64 { return (info.Size() + 4095) / 4096 * 4096 }

func openNoFollow(p string) (*os.File, error) { return os.Open(p) }
