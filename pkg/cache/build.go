package cache

import (
	"fmt"
	"os"
	"runtime/debug"
	"sync"
)

// BuildID identifies the erslint build that runs: its module versions and
// VCS revision, and the executable's size and modification time, so that a
// build from a changed work tree (the same revision, other code) does not
// read the entries of another.
var BuildID = sync.OnceValue(func() string {
	id := "unknown"
	if info, ok := debug.ReadBuildInfo(); ok {
		id = info.String()
	}
	if exe, err := os.Executable(); err == nil {
		if st, err := os.Stat(exe); err == nil {
			id += fmt.Sprintf("\nexe %s %d %d", exe, st.Size(), st.ModTime().UnixNano())
		}
	}
	return id
})
