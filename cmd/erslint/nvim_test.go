package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/erslint/erslint/internal/testtools"
)

type nvimDiagnostic struct {
	Lnum     int    `json:"lnum"`
	Col      int    `json:"col"` // byte column: Neovim converts the server's positions
	Severity int    `json:"severity"`
	Source   string `json:"source"`
	Code     string `json:"code"`
	Message  string `json:"message"`
}

// runNeovim opens file in headless Neovim configured with
// editors/nvim/erslint.lua (testdata/nvim/init.lua) and returns what its
// client showed: the diagnostics after opening, and after an edit.
func runNeovim(t *testing.T, dir, file string) (opened, edited []nvimDiagnostic, clients []map[string]any) {
	t.Helper()
	nvim := testtools.Find(t, "nvim", "bash .ci/install-neovim.sh")
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	init, _ := filepath.Abs("testdata/nvim/init.lua")
	out := filepath.Join(t.TempDir(), "diagnostics.json")
	home := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-i", "NONE", "-u", init, file)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ERSLINT_REPO="+repo, "ERSLINT_BIN="+binary, "ERSLINT_AS_OF="+lspAsOf, "ERSLINT_OUT="+out,
		"HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_DATA_HOME="+filepath.Join(home, "data"),
		"XDG_STATE_HOME="+filepath.Join(home, "state"), "XDG_CACHE_HOME="+filepath.Join(home, "cache"))
	logs, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("nvim: %v\n%s", err, logs)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("nvim wrote no result: %v\n%s", err, logs)
	}
	var res struct {
		Opened      []nvimDiagnostic `json:"opened"`
		Edited      []nvimDiagnostic `json:"edited"`
		TimeoutOpen bool             `json:"timeout_open"`
		TimeoutEdit bool             `json:"timeout_edit"`
		Clients     []map[string]any `json:"clients"`
	}
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatalf("nvim result %s: %v", b, err)
	}
	if res.TimeoutOpen || res.TimeoutEdit {
		t.Fatalf("Neovim waited in vain for erslint's diagnostics (open %v, edit %v): %s\n%s", res.TimeoutOpen, res.TimeoutEdit, b, logs)
	}
	return res.Opened, res.Edited, res.Clients
}

// sameAsNeovim compares what Neovim shows with lint's findings: rule IDs,
// severities, lines and (byte) columns.
func sameAsNeovim(t *testing.T, label, text string, got []nvimDiagnostic, want []lintFinding) {
	t.Helper()
	var g, w []string
	for _, d := range got {
		if d.Source != "erslint" {
			t.Errorf("%s: source %q, want erslint", label, d.Source)
		}
		g = append(g, fmt.Sprintf("%d:%d %s sev%d", d.Lnum, d.Col, d.Code, d.Severity))
	}
	for _, f := range want {
		p := lspPosition(text, f.Line, f.Column, "utf-8")
		w = append(w, fmt.Sprintf("%d:%d %s sev%d", p.Line, p.Character, f.RuleID, lspSeverities[f.Severity]))
	}
	slices.Sort(g)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		t.Errorf("%s: Neovim shows\n%q\nerslint lint reports\n%q", label, g, w)
	}
}

// The real client: Debian's Neovim (0.7), headless, with the configuration
// README documents, shows erslint's diagnostics for a manifest with
// non-ASCII text, and follows an unsaved edit.
func TestNeovimShowsDiagnostics(t *testing.T) {
	_, text := repoFile(t, "examples/gaps/community-clinic.yaml")
	// Welsh and an astral character before findings, so that Neovim's
	// conversion of the server's UTF-16 columns is checked too.
	text = strings.Replace(text, "name: Dr D Example", "name: Dr Siân Ellis — Ysbyty 😀", 1)
	text = strings.Replace(text, "    status: approaching-standards", "    status:   approaching-standards", 1)
	dir := t.TempDir()
	path := filepath.Join(dir, "clinic.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	opened, edited, clients := runNeovim(t, dir, "clinic.yaml")
	want := lintJSON(t, t.TempDir(), "clinic.yaml", text, "--context", "none")
	sameAsNeovim(t, "on open", text, opened, want)
	fixed := strings.Replace(text, "approaching-standards", "standards-met", 1)
	sameAsNeovim(t, "after an unsaved edit", fixed, edited, lintJSON(t, t.TempDir(), "clinic.yaml", fixed, "--context", "none"))
	t.Logf("Neovim showed %d diagnostics on open, %d after the edit; clients %v", len(opened), len(edited), clients)
}
