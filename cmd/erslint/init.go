package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/erslint/erslint/pkg/starter"
	"github.com/erslint/erslint/schema"
	"github.com/spf13/cobra"
)

func newInitCommand() *cobra.Command {
	var o starter.Options
	var output string
	var force, quiet bool
	cmd := &cobra.Command{
		Use:   "init --type TYPE --name NAME",
		Short: "Write a starting manifest for an organisation type",
		Long: `Write a commented starting manifest that passes the schema, for one organisation.
Without --output it is written to NAME.yaml in the working directory. An existing
file is never overwritten without --force.

The manifest starts with the modeline
  # yaml-language-server: $schema=./` + schemaFileName + `
and init writes that schema beside it when it is not there yet, so editors that
use the YAML language server check and complete the manifest as it is typed.
A schema file already there is left alone; refresh it after upgrading erslint
with: erslint schema --output ` + schemaFileName,
		Example: `  erslint init --type independent-sector-provider --name example-clinic
  erslint init --type gp-practice --name high-street-surgery --org-name "High Street Surgery" --output manifests/hss.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			src, err := starter.Manifest(o)
			if err != nil {
				return usageError{err}
			}
			if output == "" {
				output = o.Name + ".yaml"
			}
			if !force {
				if _, err := os.Lstat(output); err == nil {
					return fmt.Errorf("%s already exists; use --force to overwrite it", output)
				} else if !errors.Is(err, fs.ErrNotExist) {
					return fmt.Errorf("write %s: %w", output, err)
				}
			}
			if err := writeFileAtomic(output, src); err != nil {
				return err
			}
			note, err := writeSchemaBeside(output)
			if err != nil {
				return err
			}
			if !quiet {
				fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s%s; run erslint lint %s to see what is left to do\n", output, note, output)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Type, "type", "", "organisation type: "+strings.Join(starter.Types, ", "))
	fl.StringVar(&o.Name, "name", "", "metadata.name, a slug such as example-clinic")
	fl.StringVar(&o.OrgName, "org-name", "", "organisation.name (default: from --name)")
	fl.StringVar(&o.Stage, "stage", "planning", "planning, pre-go-live or live")
	fl.StringVarP(&output, "output", "o", "", "file to write (default NAME.yaml)")
	fl.BoolVar(&force, "force", false, "overwrite an existing file")
	fl.BoolVarP(&quiet, "quiet", "q", false, "say nothing when all went well")
	_ = cmd.MarkFlagRequired("type")
	_ = cmd.MarkFlagRequired("name")
	return cmd
}

// schemaFileName is the schema file the modeline of a starting manifest names,
// beside the manifest.
const schemaFileName = "manifest-v1.schema.json"

// writeSchemaBeside writes the manifest schema next to the manifest at path,
// for its modeline, unless a file of that name is there already. It returns a
// note for the user: what it wrote, or that an existing schema differs.
func writeSchemaBeside(path string) (string, error) {
	p := filepath.Join(filepath.Dir(path), schemaFileName)
	existing, err := os.ReadFile(p)
	switch {
	case err == nil && bytes.Equal(existing, schema.ManifestV1):
		return "", nil
	case err == nil:
		return fmt.Sprintf(" (%s is from another erslint version: refresh it with erslint schema --output %s)", p, p), nil
	case !errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("read %s: %w", p, err)
	}
	if err := writeFileAtomic(p, schema.ManifestV1); err != nil {
		return "", err
	}
	return fmt.Sprintf(" and %s, the schema its first line names for editors", p), nil
}

// writeFileAtomic writes data to path; see writeFileWith.
func writeFileAtomic(path string, data []byte) error {
	return writeFileWith(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeFileWith writes to a temporary file beside path (creating its
// directory) and renames it into place, so a reader never sees half a file and
// a failure leaves no debris. A path that exists and is neither a regular file
// nor a directory is written in place, as a shell's > would: renaming over a
// device or a named pipe (/dev/null) would replace it with a file, and over a
// symbolic link (/dev/stdout) would replace the link, not write where it leads.
func writeFileWith(path string, write func(io.Writer) error) error {
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
		return writeInPlace(path, write)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	bw := bufio.NewWriter(tmp)
	if err := write(bw); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func writeInPlace(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	bw := bufio.NewWriter(f)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
