package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/erslint/erslint/pkg/starter"
	"github.com/spf13/cobra"
)

func newInitCommand() *cobra.Command {
	var o starter.Options
	var output string
	var force bool
	cmd := &cobra.Command{
		Use:   "init --type TYPE --name NAME",
		Short: "Write a starting manifest for an organisation type",
		Long: `Write a commented starting manifest that passes the schema, for one organisation.
Without --output it is written to NAME.yaml in the working directory. An existing
file is never overwritten without --force.`,
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
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s; run erslint lint %s to see what is left to do\n", output, output)
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
	_ = cmd.MarkFlagRequired("type")
	_ = cmd.MarkFlagRequired("name")
	return cmd
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
