// Package gitrepo reads what erslint needs from git: the top level of the work
// tree (the repository root of reports), and the manifests as they were at a
// revision (--new-from-rev). It runs the git command line, with a time limit
// and bounded output, and never a shell: names are arguments, never parsed.
package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Timeout bounds one git command.
var Timeout = 30 * time.Second

// maxListing bounds what git ls-tree may print (names of every file at a revision).
const maxListing = 64 << 20

// ErrNoGit is returned when the git command is not installed.
var ErrNoGit = errors.New("git is not installed (it is needed to read the repository)")

// run runs git in dir and returns its standard output, at most limit bytes.
func run(ctx context.Context, dir string, limit int64, args ...string) ([]byte, error) {
	return runInput(ctx, dir, limit, nil, args...)
}

// runInput is run with stdin as git's standard input (nil: none).
func runInput(ctx context.Context, dir string, limit int64, stdin io.Reader, args ...string) ([]byte, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, ErrNoGit
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	cmd.Stdin = stdin
	// Only git's own settings of this repository: no pager, no prompt, no
	// locale-dependent messages.
	cmd.Env = append(cmd.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_PAGER=cat", "LC_ALL=C", "GIT_OPTIONAL_LOCKS=0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &limitedBuffer{buf: &stderr, limit: 4096}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git %s: %w", args[0], err)
	}
	out, readErr := io.ReadAll(io.LimitReader(stdout, limit+1))
	if int64(len(out)) > limit {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, fmt.Errorf("git %s: output is over %d bytes", args[0], limit)
	}
	err = cmd.Wait()
	if ctx.Err() == context.DeadlineExceeded {
		return nil, fmt.Errorf("git %s: no answer within %s", args[0], Timeout)
	}
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		gitErr := &Error{Args: args, Message: msg}
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			gitErr.ExitCode = exit.ExitCode()
		}
		return nil, gitErr
	}
	if readErr != nil {
		return nil, fmt.Errorf("git %s: %w", args[0], readErr)
	}
	return out, nil
}

// Error is a git command that failed, with what it said.
type Error struct {
	Args     []string
	Message  string
	ExitCode int // git's exit status; 0 when it did not exit (killed)
}

func (e *Error) Error() string { return "git " + e.Args[0] + ": " + e.Message }

type limitedBuffer struct {
	buf   *bytes.Buffer
	limit int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.limit - l.buf.Len(); room > 0 {
		l.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// TopLevel is the top directory of the git work tree holding dir; "" when dir
// is not in one (or git is not installed).
func TopLevel(ctx context.Context, dir string) string {
	if !mayBeInWorkTree(dir) {
		return ""
	}
	out, err := run(ctx, dir, 1<<16, "rev-parse", "--show-toplevel")
	if err != nil {
		return ""
	}
	top := strings.TrimRight(string(out), "\n")
	if top == "" || !filepath.IsAbs(filepath.FromSlash(top)) {
		return ""
	}
	return filepath.Clean(filepath.FromSlash(top))
}

// mayBeInWorkTree reports whether git could find a work tree from dir: some
// directory from dir up holds a .git entry, or the environment names the
// repository. Outside any repository (a pre-commit cold start in a scratch
// directory, most of CI's temporary trees) git is then not started at all.
func mayBeInWorkTree(dir string) bool {
	for _, v := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM"} {
		if _, set := os.LookupEnv(v); set {
			return true // git's own discovery rules decide
		}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return true
	}
	// git works from the physical directory, as getcwd gives it.
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	for {
		if _, err := os.Lstat(filepath.Join(abs, ".git")); err == nil || !errors.Is(err, fs.ErrNotExist) {
			return true
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return false
		}
		abs = parent
	}
}
