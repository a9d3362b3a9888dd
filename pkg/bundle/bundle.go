// Package bundle builds erslint's OPA bundle: the built-in policies and the
// configuration's custom ones, the rule metadata and settings as data, and one
// decision entrypoint (rego/entrypoint.rego), so that an OPA server answers
// for a manifest given as JSON exactly what erslint lint reports for it.
//
// The bundle holds no second copy of erslint's logic: the rules are the same
// files, the decision (waivers, settings, stage) is policies/decision, which
// erslint lint runs too, and the schema check reads a table derived from the
// same JSON Schema (schema.go).
package bundle

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/policy"
	"github.com/erslint/erslint/pkg/refdata"
	"github.com/erslint/erslint/schema"
	"github.com/open-policy-agent/opa/v1/ast"
)

// Entrypoint is the decision the bundle serves: POST /v1/data/ + Entrypoint.
const Entrypoint = "erslint/decision/findings"

//go:embed rego/*.rego
var regoFS embed.FS

// Options configure a bundle.
type Options struct {
	Policies []policy.Source           // custom policies, besides the built-in ones
	Settings map[string]policy.Setting // the configuration's rule settings
	Tests    bool                      // include the _test.rego files, for opa test
	Version  string                    // erslint's version, recorded in the manifest
	// RefData is the reference data (spec §8) to serve as
	// data.erslint.refdata; nil: none, and the root erslint/refdata is left
	// free for the operator to fill (docs/bundle.md).
	RefData *refdata.Document
}

// File is one file of a bundle, at a slash-separated path.
type File struct {
	Path string
	Data []byte
}

// Bundle is a built bundle: its files, .manifest first.
type Bundle struct {
	Revision string
	Files    []File
}

// Build builds the bundle. Custom policies are compiled with the built-in ones,
// as erslint lint does, so a bundle is only built from rules erslint accepts.
func Build(ctx context.Context, opts Options) (*Bundle, error) {
	builtin, err := lint.BuiltinSources()
	if err != nil {
		return nil, err
	}
	served, err := policy.FromFS(regoFS, "erslint", true)
	if err != nil {
		return nil, err
	}
	engine, err := policy.New(ctx, policy.Options{Sources: append(slices.Clone(builtin), opts.Policies...), Settings: opts.Settings})
	if err != nil {
		return nil, err
	}
	for _, id := range slices.Sorted(maps.Keys(opts.Settings)) {
		if _, ok := engine.Rule(id); !ok {
			return nil, &lint.UnknownRuleError{ID: id}
		}
	}
	config := policy.ConfigData("", engine.Rules(), opts.Settings)
	packages := map[string]any{}
	for _, r := range engine.Rules() {
		packages[r.Package] = r.ID
	}
	config["packages"] = packages
	if config["schema"], err = schemaTable(schema.ManifestV1); err != nil {
		return nil, err
	}
	data, err := json.MarshalIndent(config, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode bundle data: %w", err)
	}
	files := []File{{Path: "erslint/config/data.json", Data: append(data, '\n')}}
	if opts.RefData != nil {
		var buf bytes.Buffer
		if err := opts.RefData.Write(&buf); err != nil {
			return nil, fmt.Errorf("encode bundle reference data: %w", err)
		}
		files = append(files, File{Path: refDataFile, Data: buf.Bytes()})
	}
	add := func(s policy.Source, dir, name string) {
		if !s.IsTest() || opts.Tests {
			files = append(files, File{Path: dir + strings.TrimPrefix(path.Clean("/"+filepath.ToSlash(name)), "/"), Data: s.Text})
		}
	}
	for _, s := range slices.Concat(builtin, served) {
		add(s, "", s.Name)
	}
	// A custom policy read from a directory is bundled by its path below that
	// directory, custom/<n>/<path> for the nth directory: the same policies give
	// the same bundle wherever they are and however --policy names them.
	dirs := 0
	for i, s := range opts.Policies {
		switch {
		case s.Rel == "":
			add(s, "custom/", s.Name)
		default:
			if i == 0 || s.Dir != opts.Policies[i-1].Dir {
				dirs++
			}
			add(s, fmt.Sprintf("custom/%d/", dirs), s.Rel)
		}
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	for i := 1; i < len(files); i++ {
		if files[i].Path == files[i-1].Path {
			return nil, fmt.Errorf("bundle: two policy files at %s", files[i].Path)
		}
	}

	sum := sha256.New()
	for _, f := range files {
		fmt.Fprintf(sum, "%s\x00%d\x00", f.Path, len(f.Data))
		sum.Write(f.Data)
	}
	b := &Bundle{Revision: hex.EncodeToString(sum.Sum(nil))[:20]}
	roots, err := packageRoots(files)
	if err != nil {
		return nil, err
	}
	manifest, err := json.MarshalIndent(map[string]any{
		"revision":     b.Revision,
		"roots":        roots,
		"rego_version": 1,
		"metadata":     map[string]any{"erslint": opts.Version, "entrypoint": Entrypoint},
	}, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode bundle manifest: %w", err)
	}
	b.Files = append([]File{{Path: ".manifest", Data: append(manifest, '\n')}}, files...)
	return b, nil
}

// WriteTarGz writes the bundle as OPA reads a bundle file: a gzipped tarball.
// The bytes depend only on the files (no times, no owners).
func (b *Bundle) WriteTarGz(w io.Writer) error {
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	for _, f := range b.Files {
		hdr := &tar.Header{Name: "/" + f.Path, Mode: 0o644, Size: int64(len(f.Data)), ModTime: time.Unix(0, 0), Typeflag: tar.TypeReg, Format: tar.FormatPAX}
		if err := tw.WriteHeader(hdr); err != nil {
			return fmt.Errorf("write bundle: %w", err)
		}
		if _, err := tw.Write(f.Data); err != nil {
			return fmt.Errorf("write bundle: %w", err)
		}
	}
	if err := tw.Close(); err != nil {
		return fmt.Errorf("write bundle: %w", err)
	}
	if err := gz.Close(); err != nil {
		return fmt.Errorf("write bundle: %w", err)
	}
	return nil
}

// WriteDir writes the bundle's files below dir, which must not exist or be an
// empty directory (a file left from another bundle would be served with it).
func (b *Bundle) WriteDir(dir string) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("bundle directory %s is not empty", dir)
	} else if err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("bundle directory: %w", err)
	}
	dir = filepath.Clean(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write bundle: %w", err)
	}
	// The modes are set, not left to the umask: the same bundle, the same files.
	for _, f := range b.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		for _, d := range parents(dir, filepath.Dir(p))[1:] {
			if err := os.Mkdir(d, 0o755); err != nil && !os.IsExist(err) {
				return fmt.Errorf("write bundle: %w", err)
			} else if err == nil {
				if err := os.Chmod(d, 0o755); err != nil {
					return fmt.Errorf("write bundle: %w", err)
				}
			}
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return fmt.Errorf("write bundle: %w", err)
		}
		if err := os.Chmod(p, 0o644); err != nil {
			return fmt.Errorf("write bundle: %w", err)
		}
	}
	return nil
}

// parents are the directories from dir down to sub (below dir), dir first.
func parents(dir, sub string) []string {
	var out []string
	for d := sub; ; d = filepath.Dir(d) {
		out = append(out, d)
		if d == dir || d == filepath.Dir(d) {
			break
		}
	}
	slices.Reverse(out)
	return out
}

// TarGz is the bundle as a gzipped tarball in memory.
func (b *Bundle) TarGz() ([]byte, error) {
	var buf bytes.Buffer
	if err := b.WriteTarGz(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// refDataFile is where the reference data goes: data.erslint.refdata.
const refDataFile = "erslint/refdata/data.json"

// packageRoots are the bundle's roots: below erslint, the second name of each
// package and data file (erslint/config, erslint/rules, ...), so that
// erslint/refdata belongs to this bundle only when it holds reference data
// and is otherwise free for data pushed to OPA or a bundle of its own; and
// the first name of any other package a custom policy or its test declares,
// since OPA refuses a bundle with a package outside its roots.
func packageRoots(files []File) ([]string, error) {
	var roots []string
	for _, f := range files {
		if strings.HasSuffix(f.Path, "/data.json") {
			roots = append(roots, path.Dir(f.Path))
			continue
		}
		if !strings.HasSuffix(f.Path, ".rego") {
			continue
		}
		m, err := ast.ParseModuleWithOpts(f.Path, string(f.Data), ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, fmt.Errorf("bundle: %w", err)
		}
		if len(m.Package.Path) > 1 {
			if root, ok := m.Package.Path[1].Value.(ast.String); ok {
				if sub, ok := packageName(m, 2); root == "erslint" && ok {
					roots = append(roots, "erslint/"+sub)
				} else {
					roots = append(roots, string(root))
				}
			}
		}
	}
	slices.Sort(roots)
	return slices.Compact(roots), nil
}

// packageName is the i-th name of m's package path (data being 0).
func packageName(m *ast.Module, i int) (string, bool) {
	if len(m.Package.Path) <= i {
		return "", false
	}
	s, ok := m.Package.Path[i].Value.(ast.String)
	return string(s), ok
}
