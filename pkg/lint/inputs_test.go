package lint

import (
	"strings"
	"testing"
)

func TestStandardInputIsBounded(t *testing.T) {
	defer func(n int64) { maxStdinBytes = n }(maxStdinBytes)
	maxStdinBytes = 10
	tests := []struct {
		name, stdin string
		err         string
	}{
		{"at the bound", strings.Repeat("a", 10), ""},
		{"over the bound", strings.Repeat("a", 11), "standard input is over 10 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inputs, err := Collect([]string{"-"}, strings.NewReader(tt.stdin))
			if err != nil || len(inputs) != 1 {
				t.Fatalf("Collect: %v, %d inputs", err, len(inputs))
			}
			in := inputs[0]
			switch {
			case tt.err == "" && (in.Err != nil || string(in.Data) != tt.stdin):
				t.Errorf("got %q, %v; want the input read", in.Data, in.Err)
			case tt.err != "" && (in.Err == nil || !strings.Contains(in.Err.Error(), tt.err) || in.Data != nil):
				t.Errorf("got %d bytes, %v; want nothing read and %q", len(in.Data), in.Err, tt.err)
			}
		})
	}
}
