package lint

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/erslint/erslint/pkg/readfile"
)

// Input is one file to lint.
type Input struct {
	Name string // as reported: the path as given or found, with forward slashes
	Path string // on disk; empty for standard input
	Data []byte // the content, when it is not read from Path
	// Reader is standard input, read when the file is linted, within the run's
	// --max-file-size like any file.
	Reader io.Reader
	Err    error // a problem met while walking a directory; reported as a finding
	// Walked is set for a file found by walking a directory, not named: such a
	// file is left out when it holds no manifest (see manifest.LooksLikeManifest)
	// or matches an exclude glob.
	Walked bool
	// Key names the content (a git blob id), for a Linter remembering files
	// by content (Blobs); empty: not remembered.
	Key string

	info fs.FileInfo // of Path, when the walk has it: not asked again
}

// StdinName is how standard input is named in reports.
const StdinName = "<stdin>"

// ErrNoManifests is returned when the paths hold no *.yaml or *.yml file.
var ErrNoManifests = errors.New("no manifest found")

// NoManifestsError names the paths that held no manifest; it is ErrNoManifests.
type NoManifestsError struct {
	Paths    []string
	Excluded int // files left out by exclude globs
	Skipped  int // walked YAML files with no manifest in them, and erslint reports
	Reports  int // of Skipped, erslint's own reports (manifest.IsReport)
}

func (e *NoManifestsError) Error() string {
	msg := fmt.Sprintf("no manifest found in %s (looked for *.yaml and *.yml files", strings.Join(e.Paths, ", "))
	if e.Excluded > 0 {
		msg += fmt.Sprintf("; %d excluded by the exclude globs", e.Excluded)
	}
	if n := e.Skipped - e.Reports; n > 0 {
		msg += fmt.Sprintf("; %d skipped, as no manifest is in them: name a file to lint it anyway", n)
	}
	if e.Reports > 0 {
		msg += fmt.Sprintf("; %d skipped as erslint reports, which are never linted", e.Reports)
	}
	return msg + ")"
}

func (e *NoManifestsError) Is(target error) bool { return target == ErrNoManifests }

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
	seenFile := map[dirID]bool{}
	wd, wdErr := os.Getwd() // once: filepath.Abs asks for it on every call
	add := func(in Input) {
		// The same file named twice (a/x.yaml and ./a/x.yaml, or through a link) is
		// linted once, or it would clash with itself in the cross-manifest checks.
		key := in.Name
		if in.Path != "" {
			info, err := in.info, error(nil)
			if info == nil {
				info, err = os.Stat(in.Path)
			}
			if err == nil {
				if id, ok := dirKey(info); ok {
					// The file itself: a name it is reached by is that file too.
					if !seenFile[id] {
						seenFile[id] = true
						out = append(out, in)
					}
					return
				}
			}
			if filepath.IsAbs(in.Path) {
				key = filepath.Clean(in.Path)
			} else if wdErr == nil {
				key = filepath.Join(wd, in.Path)
			}
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, in)
		}
	}
	for _, p := range paths {
		if p == "-" {
			add(Input{Name: StdinName, Reader: stdin})
			continue
		}
		if err := namedLink(p); err != nil {
			add(Input{Name: displayName(p), Err: err})
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", p, unwrapPathError(err))
		}
		switch {
		case info.IsDir():
			if err := walk(p, func(in Input) { in.Walked = true; add(in) }); err != nil {
				return nil, err
			}
		case info.Mode().IsRegular():
			if err := checkReadable(p); err != nil {
				return nil, fmt.Errorf("read %s: %w", p, err)
			}
			add(Input{Name: displayName(p), Path: p})
		default:
			return nil, fmt.Errorf("read %s: %s, not a regular file or directory", p, fileKind(info.Mode()))
		}
	}
	if len(out) == 0 {
		return nil, &NoManifestsError{Paths: paths}
	}
	return out, nil
}

// namedLink checks a path named on the command line that is a symbolic link,
// as the walk checks one it meets: a link that leads out of the tree, or to a
// hidden path in it, is a finding, not followed. The tree is the working
// directory (what "lint ." walks), or, for a link named outside it, the
// directory holding the link. So a repository cannot make a pre-commit run
// (which names the changed files) read and quote a host file, such as
// ~/.git-credentials, through a link it commits; the target itself can still
// be named. nil when p is not a link, or leads within the tree; a link that
// leads nowhere is left to the caller, which cannot read it either.
func namedLink(p string) error {
	fi, err := os.Lstat(p)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return nil
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil
	}
	tree, err := os.Getwd()
	if err != nil {
		return nil
	}
	where := "the working directory"
	if !within(tree, abs) {
		tree, where = filepath.Dir(abs), "the directory that holds it"
	}
	realTree, err := filepath.EvalSymlinks(tree)
	if err != nil {
		return nil
	}
	if !within(realTree, target) {
		return fmt.Errorf("symbolic link to a path outside %s: not followed, so nothing outside it is read; lint its target by naming it on the command line", where)
	}
	if hidden := hiddenPart(realTree, target); hidden != "" {
		return fmt.Errorf("symbolic link to a hidden path (%s) in %s: not followed, as the walk reads no hidden file; lint its target by naming it on the command line", hidden, where)
	}
	return nil
}

// checkReadable opens path and checks that it is a regular file, for a path
// named on the command line: there, what cannot be read stops the run (exit 2).
func checkReadable(path string) error {
	f, err := readfile.OpenNonBlocking(path)
	if err != nil {
		return unwrapPathError(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return unwrapPathError(err)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s, not a regular file or directory", fileKind(info.Mode()))
	}
	return nil
}

func unwrapPathError(err error) error { return readfile.Unwrap(err) }

func displayName(p string) string { return filepath.ToSlash(filepath.Clean(p)) }

// walk visits dir in lexical order. Symbolic links are followed within root,
// each directory walked once: a link back to a directory being walked is
// reported as a loop; a directory reached again through another link is not
// walked again, so its files are linted once and links cannot multiply the
// work. A link that leads outside root is reported, not followed: a repository
// under review must not make erslint read (and quote) a host file such as
// ~/.git-credentials. Nothing met is opened here: a named pipe or device named
// *.yaml is reported, not read, because reading it could block the run. What
// cannot be searched or read is reported, never skipped in silence.
func walk(root string, add func(Input)) error {
	walked := map[dirID]bool{}
	realRoot, err := filepath.EvalSymlinks(root)
	if err == nil {
		realRoot, err = filepath.Abs(realRoot)
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", root, unwrapPathError(err))
	}
	var visit func(dir string, ancestors []os.FileInfo) error
	visit = func(dir string, ancestors []os.FileInfo) error {
		entries, err := os.ReadDir(dir)
		if err != nil {
			if dir == root {
				return fmt.Errorf("read %s: %w", root, unwrapPathError(err))
			}
			// The entries read before the error are still walked.
			add(Input{Name: displayName(dir), Err: unreadableDir(err)})
		}
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				continue // hidden: .git, .github, .erslint.yaml, .pre-commit-config.yaml are not manifests
			}
			p := filepath.Join(dir, e.Name())
			link := e.Type()&fs.ModeSymlink != 0
			info, err := os.Stat(p) // follows links
			if err != nil {
				switch {
				case link && isLinkLoop(err):
					// Whatever its name, it may have been meant as a directory of manifests.
					add(Input{Name: displayName(p), Err: errors.New("symbolic link loop: following it never reaches a file or directory; fix or remove the link")})
				case link && IsManifestName(e.Name()):
					add(Input{Name: displayName(p), Err: fmt.Errorf("broken symbolic link: %w", unwrapPathError(err))})
				case link && errors.Is(err, fs.ErrNotExist):
					// A broken link not named as a manifest leads nowhere to check.
				case e.IsDir():
					add(Input{Name: displayName(p), Err: unreadableDir(err)})
				case IsManifestName(e.Name()):
					add(Input{Name: displayName(p), Err: fmt.Errorf("cannot be read: %w", unwrapPathError(err))})
				case e.Type().IsRegular():
					// Not a manifest.
				default:
					// It could still be a directory of manifests that cannot be searched.
					add(Input{Name: displayName(p), Err: fmt.Errorf("cannot be examined (%w), so the manifests it may hold are not checked; fix its permissions, or lint without it", unwrapPathError(err))})
				}
				continue
			}
			path := p
			if link && (info.IsDir() || IsManifestName(e.Name())) {
				target, err := filepath.EvalSymlinks(p)
				if err != nil {
					add(Input{Name: displayName(p), Err: fmt.Errorf("symbolic link cannot be followed: %w", unwrapPathError(err))})
					continue
				}
				if !within(realRoot, target) {
					add(Input{Name: displayName(p), Err: errors.New("symbolic link to a path outside the directory being linted: not followed, so nothing outside it is read; lint its target by naming it on the command line")})
					continue
				}
				if hidden := hiddenPart(realRoot, target); hidden != "" {
					// The walk skips hidden files (.git, .env), so a link must not
					// reach them either: cfg.yaml -> .git/config would quote the
					// token actions/checkout keeps there.
					add(Input{Name: displayName(p), Err: fmt.Errorf("symbolic link to a hidden path (%s) in the directory being linted: not followed, as the walk reads no hidden file; lint its target by naming it on the command line", hidden)})
					continue
				}
				path = target // read what was checked, not the link again
			}
			switch {
			case info.IsDir():
				if loopsTo(info, ancestors) {
					add(Input{Name: displayName(p), Err: errors.New("symbolic link loop: it points back to a directory being walked; not followed")})
					continue
				}
				if id, ok := dirKey(info); ok {
					if walked[id] {
						continue
					}
					walked[id] = true
				}
				if err := visit(p, append(ancestors, info)); err != nil {
					return err
				}
			case !IsManifestName(e.Name()):
			case !info.Mode().IsRegular():
				add(Input{Name: displayName(p), Err: fmt.Errorf("this is a %s, not a regular file: not opened, as reading it could block the run; replace it with the manifest file", fileKind(info.Mode()))})
			default:
				add(Input{Name: displayName(p), Path: path, info: info})
			}
		}
		return nil
	}
	info, err := os.Stat(root)
	if err != nil {
		return fmt.Errorf("read %s: %w", root, unwrapPathError(err))
	}
	if id, ok := dirKey(info); ok {
		walked[id] = true
	}
	return visit(root, []os.FileInfo{info})
}

// unreadableDir is the problem of a directory the walk cannot search.
func unreadableDir(err error) error {
	return fmt.Errorf("directory cannot be read (%w), so the manifests it may hold are not checked; fix its permissions, or lint without it", unwrapPathError(err))
}

// within reports whether the resolved path target is root or below it; both
// are absolute and free of links.
func within(root, target string) bool {
	target, err := filepath.Abs(target)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(root, target)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// hiddenPart is the first component of target below root that is hidden (its
// name starts with a dot), as a path from root, or "" if there is none; both
// are absolute and free of links, target within root.
func hiddenPart(root, target string) string {
	rel, err := filepath.Rel(root, target)
	if err != nil || rel == "." {
		return ""
	}
	parts := strings.Split(rel, string(filepath.Separator))
	for i, part := range parts {
		if strings.HasPrefix(part, ".") {
			return filepath.ToSlash(filepath.Join(parts[:i+1]...))
		}
	}
	return ""
}

func loopsTo(info os.FileInfo, ancestors []os.FileInfo) bool {
	for _, a := range ancestors {
		if os.SameFile(info, a) {
			return true
		}
	}
	return false
}

// fileKind names a file that is neither regular nor a directory.
func fileKind(m fs.FileMode) string { return readfile.Kind(m) }
