package manifest

import (
	"bufio"
	"bytes"
	"strings"
)

// IsReport reports whether a file is one of erslint's own reports (written,
// say, as report.yaml beside the manifests) rather than a manifest, and which:
// "json" (lint or forecast), "sarif", "junit", "html" or "markdown". Such a
// file is skipped with a note, never linted: a JSON report read as a manifest
// gives dozens of findings about a file nobody wrote by hand.
//
// It fails closed, as LooksLikeManifest does: a file is a report only when it
// carries a report's mark (the JSON report's schemaVersion and tool erslint,
// SARIF's driver erslint, the first line erslint writes in the other formats)
// and none of its lines or documents starts a manifest (apiVersion, kind,
// metadata, stage or organisation at the top level), so the mark cannot make a
// manifest vanish from a run. The text and GitHub formats carry no mark and
// are not recognised.
func IsReport(f *File, src []byte) (string, bool) {
	kind := reportMark(f, src)
	if kind == "" || startsManifest(src) {
		return "", false
	}
	return kind, true
}

func reportMark(f *File, src []byte) string {
	head := bytes.TrimLeft(src[:min(len(src), 4096)], "\ufeff \t\r\n")
	switch {
	case bytes.HasPrefix(head, []byte("<?xml")) && bytes.Contains(head, []byte(`<testsuites name="erslint"`)):
		return "junit"
	case bytes.HasPrefix(head, []byte("<!DOCTYPE html>")) && bytes.Contains(head, []byte(`<meta name="generator" content="erslint `)):
		return "html"
	case bytes.HasPrefix(head, []byte("## erslint: e-RS onboarding readiness\n")), bytes.HasPrefix(head, []byte("## erslint look-ahead, ")):
		return "markdown"
	}
	if f.Fatal != nil || len(f.Documents) != 1 {
		return ""
	}
	m, ok := f.Documents[0].Data.(map[string]any)
	if !ok {
		return ""
	}
	if hasManifestKey(m) {
		return ""
	}
	if _, ok := m["schemaVersion"]; ok && isErslint(m["tool"]) {
		return "json"
	}
	if runs, ok := m["runs"].([]any); ok && len(runs) > 0 && m["version"] != nil {
		for _, r := range runs {
			run, _ := r.(map[string]any)
			tool, _ := run["tool"].(map[string]any)
			if !isErslint(tool["driver"]) {
				return ""
			}
		}
		return "sarif"
	}
	return ""
}

// manifestKeys are the keys every manifest's top level has (the schema
// requires them); a report has none of them.
var manifestKeys = []string{"apiVersion", "kind", "metadata", "stage", "organisation"}

func hasManifestKey(m map[string]any) bool {
	for k := range m {
		for _, key := range manifestKeys {
			if normaliseKey(k) == normaliseKey(key) {
				return true
			}
		}
	}
	return false
}

func isErslint(tool any) bool {
	m, _ := tool.(map[string]any)
	return m["name"] == "erslint"
}

// startsManifest reports whether a line of src starts with a key only a
// manifest's top level has, unindented, as YAML or as a JSON member.
func startsManifest(src []byte) bool {
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(nil, len(src)+1)
	for sc.Scan() {
		line := strings.TrimPrefix(strings.TrimLeft(sc.Text(), "\ufeff"), "--- ")
		if strings.HasPrefix(line, "{") || strings.HasPrefix(line, "[") {
			line = strings.TrimLeft(line, "{[ \t") // flow style: the first key of the mapping
		}
		line = strings.TrimLeft(line, `"'`)
		for _, key := range manifestKeys {
			rest, ok := strings.CutPrefix(line, key)
			if ok && strings.HasPrefix(strings.TrimLeft(rest, `"' \t`), ":") {
				return true
			}
		}
	}
	return false
}
