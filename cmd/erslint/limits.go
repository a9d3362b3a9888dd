package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/erslint/erslint/pkg/manifest"
	"github.com/spf13/pflag"
)

// addLimitFlags adds lint's input limits to fs and returns the limits they fill
// in when the command line is parsed; unset flags keep manifest.DefaultLimits.
// Every value must be at least 1: a limit cannot be switched off, only raised.
func addLimitFlags(fs *pflag.FlagSet) *manifest.Limits {
	lim := manifest.DefaultLimits
	fs.Var((*byteSize)(&lim.MaxFileBytes), "max-file-size",
		"largest manifest file read, in bytes or with KiB, MiB or GiB")
	fs.Var((*atLeastOne)(&lim.MaxDocuments), "max-documents",
		"most YAML documents read from one file")
	fs.Var((*atLeastOne)(&lim.MaxNodes), "max-nodes",
		`most values built from one file, aliases expanded (refuses "billion laughs" files)`)
	fs.Var((*atLeastOne)(&lim.MaxDepth), "max-depth",
		"deepest nesting of mappings and lists in a manifest")
	return &lim
}

// atLeastOne is an int flag that refuses zero and negative values.
type atLeastOne int

func (v *atLeastOne) String() string { return strconv.Itoa(int(*v)) }
func (v *atLeastOne) Type() string   { return "int" }

func (v *atLeastOne) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 {
		return fmt.Errorf("want a whole number of at least 1")
	}
	*v = atLeastOne(n)
	return nil
}

// byteSize is a size flag: a number of bytes, or one with a binary unit.
type byteSize int64

var byteUnits = []struct {
	suffix string
	size   int64
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}

func (v *byteSize) Type() string { return "bytes" }

func (v *byteSize) String() string {
	for _, u := range byteUnits {
		if int64(*v)%u.size == 0 && int64(*v) >= u.size {
			return strconv.FormatInt(int64(*v)/u.size, 10) + u.suffix
		}
	}
	return strconv.FormatInt(int64(*v), 10)
}

func (v *byteSize) Set(s string) error {
	s = strings.TrimSpace(s)
	size := int64(1)
	for _, u := range byteUnits {
		if len(s) > len(u.suffix) && strings.EqualFold(s[len(s)-len(u.suffix):], u.suffix) {
			s, size = strings.TrimSpace(s[:len(s)-len(u.suffix)]), u.size
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 || n > math.MaxInt64/size {
		return fmt.Errorf("want a size of at least 1 byte, such as 10485760, 512KiB or 20MiB")
	}
	*v = byteSize(n * size)
	return nil
}
