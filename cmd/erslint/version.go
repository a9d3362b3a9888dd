package main

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// buildDate is set at release time with -ldflags "-X main.buildDate=2026-11-30T05:00:00Z".
// Go's build information has no build date: without it, the commit time is shown.
var buildDate = ""

// buildInfo is what `erslint version` and `erslint --version` print: the
// version, then the module, VCS revision and dates of the build, from the build
// information the Go toolchain embeds (go build in a git checkout, or go
// install module@version).
type buildInfo struct {
	Version    string // as erslintVersion: -X main.version, the module version, or dev
	Module     string // path and version of the main module
	Revision   string // vcs.revision, "unknown" when not built from a checkout
	Modified   bool   // vcs.modified: the checkout had uncommitted changes
	CommitTime string // vcs.time
	BuildDate  string // -X main.buildDate
	GoVersion  string
}

func readBuildInfo() buildInfo {
	b := buildInfo{Version: erslintVersion(), Revision: "unknown", BuildDate: buildDate}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	b.GoVersion = info.GoVersion
	b.Module = strings.TrimSpace(info.Main.Path + " " + info.Main.Version)
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.CommitTime = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

func (b buildInfo) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "erslint %s\n", b.Version)
	if b.Module != "" {
		fmt.Fprintf(&sb, "module:   %s\n", b.Module)
	}
	rev := b.Revision
	if b.Modified {
		rev += " (with uncommitted changes)"
	}
	fmt.Fprintf(&sb, "revision: %s\n", rev)
	switch {
	case b.BuildDate != "":
		fmt.Fprintf(&sb, "built:    %s\n", b.BuildDate)
	case b.CommitTime != "":
		fmt.Fprintf(&sb, "built:    from the commit of %s\n", b.CommitTime)
	default:
		fmt.Fprintf(&sb, "built:    date unknown\n")
	}
	if b.GoVersion != "" {
		fmt.Fprintf(&sb, "go:       %s\n", b.GoVersion)
	}
	return sb.String()
}
