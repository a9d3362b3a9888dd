package refdata

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/erslint/erslint/pkg/readfile"
)

// Import builds a document from ODS inputs: each INPUT is a path, or
// REPORT=PATH to name the report of a CSV file whose base name does not. A
// file starting with { is an API response (ParseAPI); any other is a CSV
// report, named by its base name without extension (etr.csv is etr). Every
// file is read within limit bytes (DefaultLimit when 0); CSV reports are
// streamed. Any malformed input is an error naming its file (and line):
// nothing is skipped.
func Import(inputs []string, extracted string, limit int64) (*Document, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	if !ValidDate(extracted) {
		return nil, fmt.Errorf("extracted date %q is not a date YYYY-MM-DD in the years 1900 to 2199", extracted)
	}
	b := NewBuilder()
	api := 0
	for _, in := range inputs {
		name, path, named := strings.Cut(in, "=")
		if !named {
			path = in
			name = strings.ToLower(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
		}
		n, err := importFile(b, name, named, path, limit)
		if err != nil {
			return nil, err
		}
		api += n
	}
	if api > 0 {
		b.Source(fmt.Sprintf("ODS API: %d organisation record(s)", api))
	}
	return b.Document(extracted)
}

// importFile reads one input; it returns how many API records it held.
func importFile(b *Builder, name string, named bool, path string, limit int64) (int, error) {
	f, err := readfile.OpenNonBlocking(path)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", path, readfile.Unwrap(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		return 0, fmt.Errorf("read %s: %w", path, &readfile.NotRegularError{Mode: info.Mode()})
	}
	if info.Size() > limit {
		return 0, fmt.Errorf("read %s: over the reference data size limit of %d bytes", path, limit)
	}
	var head [64]byte
	n, _ := io.ReadFull(f, head[:])
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return 0, fmt.Errorf("read %s: %w", path, err)
	}
	if isJSON(head[:n]) && !named {
		src, err := readfile.All(f, limit)
		if err != nil {
			return 0, fmt.Errorf("read %s: %w", path, err)
		}
		recs, err := ParseAPI(src)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", path, err)
		}
		for i, r := range recs {
			if err := b.Add(r.Code, r.Org, fmt.Sprintf("%s (record %d)", path, i+1)); err != nil {
				return 0, err
			}
		}
		return len(recs), nil
	}
	rep, ok := ReportNamed(name)
	if !ok {
		return 0, fmt.Errorf("%s: no ODS report is named %q: name the file after its report (%s), or give it as REPORT=%s",
			path, name, ReportNames(), path)
	}
	lim := &limitedReader{r: f, left: limit}
	if err := ImportCSV(b, rep, path, lim); err != nil {
		if lim.over {
			return 0, fmt.Errorf("read %s: over the reference data size limit of %d bytes", path, limit)
		}
		return 0, err
	}
	return 0, nil
}

// limitedReader fails once more than left bytes are read: a file that grows
// while it is read stays bounded.
type limitedReader struct {
	r    io.Reader
	left int64
	over bool
}

var errTooLarge = errors.New("over the size limit")

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left < 0 {
		l.over = true
		return 0, errTooLarge
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		l.over = true
		return 0, errTooLarge
	}
	return n, err
}
