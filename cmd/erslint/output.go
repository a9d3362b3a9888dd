package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/erslint/erslint/pkg/lint"
)

// checkOutput refuses an --output path before anything is linted or written:
// one that names a directory (or ends with a slash, which would create one and
// then fail), and one that is one of the inputs, which the report would
// overwrite.
func checkOutput(path string, inputs []lint.Input) error {
	if strings.HasSuffix(path, "/") || strings.HasSuffix(path, string(os.PathSeparator)) {
		return usageError{fmt.Errorf("--output %s names a directory; name the report file, such as %sreport.txt", path, path)}
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil // a new file cannot be an input
	case err != nil:
		return usageError{fmt.Errorf("--output %s: %w", path, err)}
	case info.IsDir():
		return usageError{fmt.Errorf("--output %s is a directory; name the report file, such as %s/report.txt", path, strings.TrimSuffix(path, "/"))}
	}
	for _, in := range inputs {
		if in.Path == "" {
			continue
		}
		if other, err := os.Stat(in.Path); err == nil && os.SameFile(info, other) {
			return usageError{fmt.Errorf("--output %s is the input %s: the report would overwrite it; write the report elsewhere", path, in.Name)}
		}
	}
	return nil
}
