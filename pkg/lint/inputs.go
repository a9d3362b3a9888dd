package lint

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Input is one file to lint.
type Input struct {
	Name string // as reported: the path as given or found, with forward slashes
	Path string // on disk; empty for standard input
	Data []byte // the content of standard input
	Err  error  // a problem met while walking a directory; reported as a finding
}

// StdinName is how standard input is named in reports.
const StdinName = "<stdin>"

// ErrNoManifests is returned when the paths hold no *.yaml or *.yml file.
var ErrNoManifests = errors.New("no manifest found (looked for *.yaml and *.yml files)")

// IsManifestName reports whether a file name is one lint walks for.
func IsManifestName(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

// Collect expands paths: files as named, directories walked for *.yaml and *.yml,
// and "-" read from stdin. A named path that cannot be read is an error; a file met
// while walking that cannot be read becomes an Input with Err set.
func Collect(paths []string, stdin io.Reader) ([]Input, error) {
	var out []Input
	seen := map[string]bool{}
	add := func(in Input) {
		if !seen[in.Name] {
			seen[in.Name] = true
			out = append(out, in)
		}
	}
	for _, p := range paths {
		if p == "-" {
			data, err := io.ReadAll(stdin)
			if err != nil {
				return nil, fmt.Errorf("read standard input: %w", err)
			}
			add(Input{Name: StdinName, Data: data})
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", p, unwrapPathError(err))
		}
		switch {
		case info.IsDir():
			if err := walk(p, add); err != nil {
				return nil, err
			}
		case info.Mode().IsRegular():
			f, err := os.Open(p)
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", p, unwrapPathError(err))
			}
			f.Close()
			add(Input{Name: displayName(p), Path: p})
		default:
			return nil, fmt.Errorf("read %s: not a regular file or directory", p)
		}
	}
	if len(out) == 0 {
		return nil, ErrNoManifests
	}
	return out, nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func displayName(p string) string { return filepath.ToSlash(filepath.Clean(p)) }

// walk visits dir in lexical order. Symbolic links to directories are followed
// once; a link back to a directory already being walked is reported, not followed.
func walk(root string, add func(Input)) error {
	var visit func(dir string, ancestors []os.FileInfo) error
	visit = func(dir string, ancestors []os.FileInfo) error {
		entries, err := os.ReadDir(dir)
		if err != nil {
			if dir == root {
				return fmt.Errorf("read %s: %w", root, unwrapPathError(err))
			}
			add(Input{Name: displayName(dir), Err: fmt.Errorf("directory cannot be read: %w", unwrapPathError(err))})
			return nil
		}
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				continue // hidden: .git, .github, .erslint.yaml, .pre-commit-config.yaml are not manifests
			}
			p := filepath.Join(dir, e.Name())
			info, err := os.Stat(p) // follows links
			if err != nil {
				if e.Type()&fs.ModeSymlink != 0 && IsManifestName(e.Name()) {
					add(Input{Name: displayName(p), Err: fmt.Errorf("broken symbolic link: %w", unwrapPathError(err))})
				} else if IsManifestName(e.Name()) {
					add(Input{Name: displayName(p), Err: fmt.Errorf("cannot be read: %w", unwrapPathError(err))})
				}
				continue
			}
			switch {
			case info.IsDir():
				if loopsTo(info, ancestors) {
					add(Input{Name: displayName(p), Err: errors.New("symbolic link loop: it points back to a directory being walked; not followed")})
					continue
				}
				if err := visit(p, append(ancestors, info)); err != nil {
					return err
				}
			case !IsManifestName(e.Name()):
			case !info.Mode().IsRegular():
				add(Input{Name: displayName(p), Err: fmt.Errorf("not a regular file (%s); not read", info.Mode().Type())})
			default:
				add(Input{Name: displayName(p), Path: p})
			}
		}
		return nil
	}
	info, err := os.Stat(root)
	if err != nil {
		return fmt.Errorf("read %s: %w", root, unwrapPathError(err))
	}
	return visit(root, []os.FileInfo{info})
}

func loopsTo(info os.FileInfo, ancestors []os.FileInfo) bool {
	for _, a := range ancestors {
		if os.SameFile(info, a) {
			return true
		}
	}
	return false
}
