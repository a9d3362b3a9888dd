package gitrepo

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path"
	"strconv"
	"strings"
)

// RevisionError is a revision that this clone does not have.
type RevisionError struct {
	Rev     string
	Shallow bool // the clone is shallow: the likely cause
}

func (e *RevisionError) Error() string {
	switch {
	case e.Shallow:
		return fmt.Sprintf("revision %q is not in this clone, which is shallow: fetch the history it needs; "+
			"with actions/checkout, set fetch-depth: 0", e.Rev)
	case isObjectID(e.Rev):
		return fmt.Sprintf("commit %s is not in this repository: fetch it (git fetch origin %s), or check that it is the commit meant", e.Rev, e.Rev)
	}
	return fmt.Sprintf("revision %q does not exist: no branch, tag or commit of this repository has that name "+
		"(check the spelling; a remote branch is named like origin/main, after git fetch)", e.Rev)
}

// isObjectID reports whether rev is a full commit hash (SHA-1 or SHA-256).
func isObjectID(rev string) bool {
	if len(rev) != 40 && len(rev) != 64 {
		return false
	}
	return strings.Trim(strings.ToLower(rev), "0123456789abcdef") == ""
}

// Resolve returns the commit that rev names in the repository at top. A
// revision the clone lacks is a *RevisionError.
func Resolve(ctx context.Context, top, rev string) (string, error) {
	if rev == "" || strings.HasPrefix(rev, "-") || strings.ContainsAny(rev, "\x00\n") {
		return "", fmt.Errorf("revision %q is not a revision name", rev)
	}
	out, err := run(ctx, top, 1<<10, "rev-parse", "--verify", "--quiet", rev+"^{commit}")
	if err != nil {
		var gerr *Error
		if !errors.As(err, &gerr) {
			return "", err
		}
		shallow, _ := run(ctx, top, 1<<10, "rev-parse", "--is-shallow-repository")
		return "", &RevisionError{Rev: rev, Shallow: strings.TrimSpace(string(shallow)) == "true"}
	}
	return strings.TrimSpace(string(out)), nil
}

// File is a manifest file as it was at a commit.
type File struct {
	Path string // slash-separated, relative to the top level
	Data []byte
	Err  error // too large: not read
}

// Limits bound what Files reads.
type Limits struct {
	MaxFileBytes  int64 // a larger file is not read: its File has Err set
	MaxTotalBytes int64 // all files together; more is an error
	MaxFiles      int
}

// Files reads the *.yaml and *.yml files under dirs (slash-separated, relative
// to top; "." is the whole tree) as they were at commit, leaving out hidden
// paths as lint's directory walk does, and symbolic links and submodules,
// which are not manifests in the commit. Paths are taken literally (no glob)
// and git's output is read NUL-separated, so any file name is safe.
func Files(ctx context.Context, top, commit string, dirs []string, lim Limits) ([]File, error) {
	args := []string{"--literal-pathspecs", "ls-tree", "-r", "-z", "--full-tree", commit, "--"}
	for _, d := range dirs {
		if d != "." {
			args = append(args, d)
		}
	}
	out, err := run(ctx, top, maxListing, args...)
	if err != nil {
		return nil, err
	}
	type entry struct{ oid, path string }
	var entries []entry
	for _, rec := range bytes.Split(out, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		meta, p, ok := bytes.Cut(rec, []byte{'\t'})
		fields := strings.Fields(string(meta))
		if !ok || len(fields) != 3 {
			return nil, fmt.Errorf("git ls-tree: unexpected line %q", rec)
		}
		mode, kind, oid := fields[0], fields[1], fields[2]
		name := string(p)
		if kind != "blob" || (mode != "100644" && mode != "100755") || !manifestName(name) || hiddenUnder(name, dirs) {
			continue
		}
		entries = append(entries, entry{oid, name})
	}
	if lim.MaxFiles > 0 && len(entries) > lim.MaxFiles {
		return nil, fmt.Errorf("%d manifest files at %s, over the limit of %d", len(entries), commit, lim.MaxFiles)
	}
	if len(entries) == 0 {
		return nil, nil
	}
	// One git cat-file for every blob, not a process per file.
	var in bytes.Buffer
	for _, e := range entries {
		in.WriteString(e.oid + "\n")
	}
	if _, err := exec.LookPath("git"); err != nil {
		return nil, ErrNoGit
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", "cat-file", "--batch")
	cmd.Dir = top
	cmd.Env = append(cmd.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C", "GIT_OPTIONAL_LOCKS=0")
	cmd.Stdin = &in
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	files, readErr := readBatch(bufio.NewReader(stdout), len(entries), lim)
	if readErr != nil {
		_ = cmd.Process.Kill()
	}
	waitErr := cmd.Wait()
	if readErr != nil {
		return nil, readErr
	}
	if waitErr != nil {
		return nil, fmt.Errorf("git cat-file: %w", waitErr)
	}
	for i := range files {
		files[i].Path = entries[i].path
	}
	return files, nil
}

// readBatch reads n objects of git cat-file --batch: "<oid> <type> <size>\n",
// the content, "\n". Contents over the file limit are skipped, not kept.
func readBatch(r *bufio.Reader, n int, lim Limits) ([]File, error) {
	files := make([]File, n)
	var total int64
	for i := range files {
		header, err := r.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("git cat-file: %w", err)
		}
		fields := strings.Fields(header)
		if len(fields) != 3 || fields[1] != "blob" {
			return nil, fmt.Errorf("git cat-file: unexpected header %q", strings.TrimSpace(header))
		}
		size, err := strconv.ParseInt(fields[2], 10, 64)
		if err != nil || size < 0 {
			return nil, fmt.Errorf("git cat-file: unexpected header %q", strings.TrimSpace(header))
		}
		if lim.MaxFileBytes > 0 && size > lim.MaxFileBytes {
			if _, err := io.CopyN(io.Discard, r, size+1); err != nil {
				return nil, fmt.Errorf("git cat-file: %w", err)
			}
			files[i].Err = fmt.Errorf("file is %d bytes, over the limit of %d bytes", size, lim.MaxFileBytes)
			continue
		}
		total += size
		if lim.MaxTotalBytes > 0 && total > lim.MaxTotalBytes {
			return nil, fmt.Errorf("the manifests at the revision are over %d bytes together", lim.MaxTotalBytes)
		}
		data := make([]byte, size+1)
		if _, err := io.ReadFull(r, data); err != nil {
			return nil, fmt.Errorf("git cat-file: %w", err)
		}
		files[i].Data = data[:size]
	}
	return files, nil
}

func manifestName(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	return ext == ".yaml" || ext == ".yml"
}

// hiddenUnder reports whether p is hidden below the directory it was listed
// for: lint's walk skips hidden names under a directory it is given, not the
// directory itself, nor a file named on the command line.
func hiddenUnder(p string, dirs []string) bool {
	for _, d := range dirs {
		switch {
		case d == "." || d == "":
			return hidden(p)
		case p == d:
			return false
		case strings.HasPrefix(p, d+"/"):
			return hidden(p[len(d)+1:])
		}
	}
	return hidden(p)
}

// hidden reports whether a path has a segment starting with a dot.
func hidden(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return false
}
