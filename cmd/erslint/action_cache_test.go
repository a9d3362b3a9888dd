package main

import (
	"strings"
	"testing"
)

// TestActionResultsCache: the action restores erslint's cache into the
// directory the lint step names, on every run, and saves it only on a push
// to the default branch, so that no pull request writes what main reads.
func TestActionResultsCache(t *testing.T) {
	a, _ := readAction(t)
	lint := a.step(t, stepWithID("lint"), "lint")
	dir := lint.Env["ERSLINT_CACHE_DIR"]
	if dir == "" || lint.Env["INPUT_CACHE"] != "${{ inputs.cache }}" || !strings.Contains(lint.Run, `[ "$INPUT_CACHE" = true ] || args+=(--no-cache)`) {
		t.Fatalf("lint step: env %v", lint.Env)
	}
	restore := a.step(t, usesAction("actions/cache/restore@"), "that restores erslint's cache")
	if restore.With["path"] != dir || restore.If != "inputs.cache == 'true'" || !strings.HasPrefix(restore.With["key"], restore.With["restore-keys"]) {
		t.Errorf("restore: if %q, with %v; want path %s", restore.If, restore.With, dir)
	}
	save := a.step(t, usesAction("actions/cache/save@"), "that saves erslint's cache")
	for _, want := range []string{"github.event_name == 'push'", "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)", "inputs.cache == 'true'", "always()"} {
		if !strings.Contains(save.If, want) {
			t.Errorf("save: if %q lacks %s", save.If, want)
		}
	}
	if save.With["path"] != dir || !strings.HasPrefix(save.With["key"], restore.With["restore-keys"]) || !strings.Contains(save.With["key"], "github.run_id") {
		t.Errorf("save: with %v", save.With)
	}
	for _, s := range a.Runs.Steps {
		if strings.HasPrefix(s.Uses, "actions/cache@") && strings.Contains(s.With["path"], "erslint-cache") {
			t.Errorf("step %q restores and saves erslint's cache on every event", s.Name)
		}
	}
}
