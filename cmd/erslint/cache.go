package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/erslint/erslint/pkg/cache"
	"github.com/erslint/erslint/pkg/config"
	"github.com/erslint/erslint/pkg/gitrepo"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// cacheFlags are the cache flags of lint and forecast.
type cacheFlags struct {
	off  bool
	size string
}

func (c *cacheFlags) add(fl *pflag.FlagSet) {
	fl.BoolVar(&c.off, "no-cache", false, "do not read or write the cache of each file's results (kept in $ERSLINT_CACHE_DIR, else $XDG_CACHE_HOME/erslint, else the user cache directory)")
	fl.StringVar(&c.size, "cache-size", "", "bound of the cache on disk, such as 256MiB (the default; the configuration's cache.maxSize), 1GiB or 500MB")
}

var sizePattern = regexp.MustCompile(`^([0-9]{1,12})(B|KB|MB|GB|KiB|MiB|GiB)?$`)

// parseSize reads a size such as 256MiB.
func parseSize(s string) (int64, error) {
	m := sizePattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, fmt.Errorf("size %q: want a number of bytes with a unit, such as 256MiB, 1GiB or 500MB", s)
	}
	n, _ := strconv.ParseInt(m[1], 10, 64)
	unit := map[string]int64{"": 1, "B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}[m[2]]
	if n <= 0 || n > (1<<50)/unit {
		return 0, fmt.Errorf("size %q: want more than 0 and at most 1PiB", s)
	}
	return n * unit, nil
}

// openCache opens the cache for a lint run, or says on w (unless quiet) why
// the run goes on without one: nil then. roots are the directories linted:
// a cache inside one is not used, as it would be linted (or walked) too.
func openCache(ctx context.Context, f cacheFlags, cfg *config.Config, roots []string, quiet bool, w io.Writer) (*cache.Cache, lint.BlobIDs, error) {
	if f.off || cfg.CacheOff && f.size == "" {
		return nil, nil, nil
	}
	max := int64(0)
	if s := cmpOr(f.size, cfg.CacheMaxSize); s != "" {
		n, err := parseSize(s)
		if err != nil {
			if f.size != "" {
				return nil, nil, usageError{fmt.Errorf("--cache-size: %w", err)}
			}
			return nil, nil, fmt.Errorf("%s: cache.maxSize: %w", cfg.File, err)
		}
		max = n
	}
	say := func(format string, args ...any) {
		if !quiet {
			fmt.Fprintf(w, "erslint: "+format+"\n", args...)
		}
	}
	dir, err := cache.DefaultDir(os.Getenv)
	if err != nil {
		say("no cache: %v", err)
		return nil, nil, nil
	}
	for _, r := range roots {
		if within(dir, r) {
			say("no cache: the cache directory %s is inside %s, which is linted; set ERSLINT_CACHE_DIR elsewhere", dir, r)
			return nil, nil, nil
		}
	}
	c, err := cache.Open(dir, max)
	if err != nil {
		say("no cache: %v", err)
		return nil, nil, nil
	}
	ix, _ := gitrepo.ReadIndex(ctx, ".") // without it, every file is hashed
	if ix == nil {
		return c, nil, nil
	}
	return c, ix, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// within tells whether path is dir or under it, their links resolved.
func within(path, dir string) bool {
	real := func(p string) string {
		abs, err := filepath.Abs(p)
		if err != nil {
			return p
		}
		// The cache directory may not exist yet: resolve its nearest parent.
		rest := ""
		for {
			if r, err := filepath.EvalSymlinks(abs); err == nil {
				return filepath.Join(r, rest)
			}
			parent := filepath.Dir(abs)
			if parent == abs {
				return filepath.Join(abs, rest)
			}
			rest = filepath.Join(filepath.Base(abs), rest)
			abs = parent
		}
	}
	rel, err := filepath.Rel(real(dir), real(path))
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// closeCache waits for the cache's writes and says on w what came from it.
func closeCache(c *cache.Cache, linter *lint.Linter, quiet bool, w io.Writer) {
	if c == nil {
		return
	}
	c.Close()
	if quiet {
		return
	}
	s := c.Stats()
	if linter == nil {
		return
	}
	var parts []string
	{
		st := linter.CacheStats()
		if st.Files > 0 {
			parts = append(parts, fmt.Sprintf("%d of %d files from the cache", st.FilesCached, st.Files))
		}
		if st.Context > 0 {
			parts = append(parts, fmt.Sprintf("%d of %d context files", st.ContextCached, st.Context))
		}
	}
	// Said when the cache saved something: a cold run says nothing more than
	// a run without the cache.
	if st := linter.CacheStats(); len(parts) > 0 && st.FilesCached+st.ContextCached > 0 {
		fmt.Fprintf(w, "erslint: cache: %s\n", strings.Join(parts, ", "))
	}
	if s.Rejected > 0 {
		fmt.Fprintf(w, "erslint: cache: %d entries in %s were corrupt or not erslint's: ignored\n", s.Rejected, c.Dir())
	}
	if s.WriteErrors > 0 {
		fmt.Fprintf(w, "erslint: cache: %d entries not written to %s (%v); the report is complete without them\n", s.WriteErrors, c.Dir(), s.WriteErr)
	}
}

func newCacheCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cache",
		Short: "Show or empty lint's cache of each file's results",
		Long: `erslint lint keeps each file's results in a cache, by the file's content and
everything else that decides them (erslint's build, the rules and custom
policies, the configuration, the assessment date, the limits), so that a run
pays only for what changed. It lives in $ERSLINT_CACHE_DIR, else
$XDG_CACHE_HOME/erslint, else the user cache directory; lint --no-cache
leaves it alone.`,
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "clean",
		Short: "Remove every entry of the cache",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := cache.DefaultDir(os.Getenv)
			if err != nil {
				return err
			}
			if err := cache.Clean(dir); err != nil {
				return fmt.Errorf("cache clean: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "emptied %s\n", dir)
			return nil
		},
	}, &cobra.Command{
		Use:   "info",
		Short: "Say where the cache is and how much it holds",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := cache.DefaultDir(os.Getenv)
			if err != nil {
				return err
			}
			u, err := cache.Info(dir)
			if err != nil {
				return fmt.Errorf("cache info: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: %d entries, %.1f MiB on disk\n", dir, u.Entries, float64(u.Bytes)/(1<<20))
			return nil
		},
	})
	return cmd
}

// lintedDirs are the directories a lint run reads: those among its paths,
// and the context root.
func lintedDirs(args []string, contextDir string) []string {
	var out []string
	for _, a := range args {
		if info, err := os.Stat(a); err == nil && info.IsDir() {
			out = append(out, a)
		}
	}
	if contextDir != "" {
		out = append(out, contextDir)
	}
	return out
}
