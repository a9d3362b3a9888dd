package run

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/erslint/erslint/pkg/lint"
)

// CheckOutputs is checkOutput for each report path of the run on args: the
// configuration file and the custom policies read count as inputs.
func (r *Run) CheckOutputs(paths []ReportPath, args []string, inputs []lint.Input) error {
	cfg, policies := r.Config, r.Policies
	read := make([]string, 0, len(policies)+1)
	if cfg.File != "" {
		read = append(read, cfg.File)
	}
	for _, s := range policies {
		read = append(read, s.Name)
	}
	var dirs []string
	for _, a := range args {
		if info, err := os.Stat(a); err == nil && info.IsDir() {
			dirs = append(dirs, a)
		}
	}
	for _, p := range paths {
		if err := checkOutput(p, dirs, inputs, read...); err != nil {
			return err
		}
	}
	return nil
}

// checkOutput refuses an --output path before anything is linted or written:
// one that names a directory (or ends with a slash, which would create one and
// then fail), and one that is one of the inputs, which the report would
// overwrite. The configuration file and the custom policies are inputs too
// (others names the files they were read from).
//
// A symbolic link at path inside a directory being linted is refused too: the
// repository under review may have put it there (report.txt -> ~/.bashrc), and
// the report, which quotes its manifests, would be written where it leads. A
// link elsewhere (latest.json -> report.json, /dev/stdout) is the user's.
func checkOutput(out ReportPath, dirs []string, inputs []lint.Input, others ...string) error {
	path, flag := out.Path, out.Flag
	if strings.HasSuffix(path, "/") || strings.HasSuffix(path, string(os.PathSeparator)) {
		return fmt.Errorf("%s names a directory; name the report file, such as %sreport.txt", flag, path)
	}
	if dir, ok := linkInside(path, dirs); ok {
		return fmt.Errorf("%s is a symbolic link inside %s, the directory being linted: the report would be written where it leads; remove the link, or write the report elsewhere", flag, dir)
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil // a new file cannot be an input
	case err != nil:
		return fmt.Errorf("%s: %w", flag, err)
	case info.IsDir():
		return fmt.Errorf("%s is a directory; name the report file, such as %s/report.txt", flag, strings.TrimSuffix(path, "/"))
	}
	for _, in := range inputs {
		if in.Path == "" {
			continue
		}
		if other, err := os.Stat(in.Path); err == nil && os.SameFile(info, other) {
			return fmt.Errorf("%s is the input %s: the report would overwrite it; write the report elsewhere", flag, in.Name)
		}
	}
	for _, name := range others {
		if other, err := os.Stat(name); err == nil && os.SameFile(info, other) {
			return fmt.Errorf("%s is %s, which erslint reads: the report would overwrite it; write the report elsewhere", flag, name)
		}
	}
	return nil
}

// ReportPath is a file a report is written to, and the option that named it
// as the user wrote it (--output FILE, --format FORMAT=FILE), for messages.
type ReportPath struct{ Flag, Path string }

// linkInside reports the directory of dirs that holds path, when path is a
// symbolic link.
func linkInside(path string, dirs []string) (string, bool) {
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return "", false
	}
	parent, err := realPath(filepath.Dir(path))
	if err != nil {
		return "", false
	}
	for _, d := range dirs {
		root, err := realPath(d)
		if err != nil {
			continue
		}
		if rel, err := filepath.Rel(root, parent); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return d, true
		}
	}
	return "", false
}

func realPath(p string) (string, error) {
	p, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", err
	}
	return filepath.Abs(p)
}
