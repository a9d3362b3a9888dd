package lint

import (
	"context"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/manifest"
)

// Standard input is read within --max-file-size, like a file: an endless
// stream cannot fill memory, whatever the bound is set to.
func TestStandardInputIsBounded(t *testing.T) {
	lim := manifest.DefaultLimits
	lim.MaxFileBytes = 10
	l := newLinter(t, Options{Limits: lim})
	tests := []struct {
		name, stdin string
		err         string
	}{
		{"at the bound", "a: 1\nb: 2\n", ""},
		{"over the bound", "a: 1\nb: 22\n", "standard input is over the limit of 10 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inputs, err := Collect([]string{"-"}, strings.NewReader(tt.stdin))
			if err != nil || len(inputs) != 1 {
				t.Fatalf("Collect: %v, %d inputs", err, len(inputs))
			}
			data, err := l.read(inputs[0])
			switch {
			case tt.err == "" && (err != nil || string(data) != tt.stdin):
				t.Errorf("got %q, %v; want the input read", data, err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err) || data != nil):
				t.Errorf("got %d bytes, %v; want nothing read and %q", len(data), err, tt.err)
			}
		})
	}
	// Through the whole run: a finding for standard input, at 1:1.
	inputs, _ := Collect([]string{"-"}, strings.NewReader(strings.Repeat("x", 1<<20)))
	rep, err := l.Lint(context.Background(), inputs)
	if err != nil {
		t.Fatal(err)
	}
	if fs := only(rep, "ERS-SCHEMA-001"); len(fs) != 1 || fs[0].File != StdinName || !strings.Contains(fs[0].Message, "over the limit of 10 bytes") {
		t.Errorf("findings %+v, want one for standard input over the limit", fs)
	}
}
