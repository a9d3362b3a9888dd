package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/erslint/erslint/internal/testtools"
	"github.com/erslint/erslint/pkg/manifest"
)

// The configuration both sides use: settings that disable a rule and raise
// another, and a custom policy, so that the bundle is checked with them too.
const bundleConfig = "docs/examples/erslint-config.yaml"

// opaServer is a real OPA server started by a test, listening on loopback.
type opaServer struct {
	base string
	out  *bytes.Buffer
	pid  int
}

// cpu is the CPU time the OPA process has used (user and system), read from
// /proc; ok is false where there is none.
func (s *opaServer) cpu() (d time.Duration, ok bool) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.pid))
	if err != nil {
		return 0, false
	}
	// The fields after the command name (in parentheses): utime and stime are
	// the 12th and 13th, in clock ticks (100 a second on Linux).
	_, rest, found := strings.Cut(string(raw), ") ")
	fields := strings.Fields(rest)
	if !found || len(fields) < 13 {
		return 0, false
	}
	var user, sys int64
	if _, err := fmt.Sscan(fields[11], &user); err != nil {
		return 0, false
	}
	if _, err := fmt.Sscan(fields[12], &sys); err != nil {
		return 0, false
	}
	return time.Duration(user+sys) * 10 * time.Millisecond, true
}

// reportCPU adds the OPA server's CPU time per decision since start to b's
// results: on a shared machine it says what a decision costs better than the
// wall time does.
func (s *opaServer) reportCPU(b *testing.B, start time.Duration) {
	if end, ok := s.cpu(); ok {
		b.ReportMetric(float64(end-start)/float64(time.Millisecond)/float64(b.N), "opa-cpu-ms/decision")
	}
}

// startOPA runs opa run --server on a free loopback port with args, and waits
// until its bundles are activated (GET /health?bundles=true).
func startOPA(t testing.TB, args ...string) *opaServer {
	t.Helper()
	opa := testtools.Find(t, "opa", "bash .ci/install-opa.sh")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	s := &opaServer{base: "http://" + addr, out: &bytes.Buffer{}}
	cmd := exec.Command(opa, append([]string{"run", "--server", "--addr", addr, "--log-level", "error"}, args...)...)
	cmd.Dir = "../.."
	cmd.Stdout, cmd.Stderr = s.out, s.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s.pid = cmd.Process.Pid
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(s.base + "/health?bundles=true")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("opa did not become healthy with its bundle in 60 s: %v\n%s", err, s.out)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// decide posts input to the bundle's entrypoint and returns the result.
func (s *opaServer) decide(t testing.TB, input map[string]any) []map[string]any {
	t.Helper()
	body, err := json.Marshal(map[string]any{"input": input})
	if err != nil {
		t.Fatal(err)
	}
	return s.post(t, body)
}

// post posts a request body ({"input": ...}) to the bundle's entrypoint.
func (s *opaServer) post(t testing.TB, body []byte) []map[string]any {
	t.Helper()
	resp, err := http.Post(s.base+"/v1/data/erslint/decision/findings", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("POST decision: %d %v\n%s\n%s", resp.StatusCode, err, raw, s.out)
	}
	var out struct {
		Result *[]map[string]any `json:"result"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("decision: %v\n%s", err, raw)
	}
	if out.Result == nil {
		t.Fatalf("decision undefined: %s", raw)
	}
	return *out.Result
}

// lintFindings are the findings of erslint lint --format json on one document
// given on stdin, as the bundle shows them: without file, line, column and
// document, and the waiver without file and line.
func lintFindings(t *testing.T, doc string, args ...string) []map[string]any {
	t.Helper()
	r := erslint(t, doc, append([]string{"lint", asOf, "--format", "json", "--fail-level", "none"}, append(args, "-")...)...)
	if r.code != 0 {
		t.Fatalf("erslint lint: exit %d\n%s", r.code, r.stderr)
	}
	var rep struct {
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		for _, k := range []string{"file", "line", "column", "document"} {
			delete(f, k)
		}
		if w, ok := f["waiver"].(map[string]any); ok {
			delete(w, "file")
			delete(w, "line")
		}
	}
	return rep.Findings
}

func sortFindings(fs []map[string]any) {
	slices.SortStableFunc(fs, func(a, b map[string]any) int {
		return cmp.Or(strings.Compare(fmt.Sprint(a["ruleId"]), fmt.Sprint(b["ruleId"])),
			strings.Compare(fmt.Sprint(a["path"]), fmt.Sprint(b["path"])),
			strings.Compare(fmt.Sprint(a["message"]), fmt.Sprint(b["message"])))
	})
}

// manifestDocuments returns every document of the manifests under dirs: its
// YAML text (for erslint lint) and its data (posted to OPA as JSON).
func manifestDocuments(t *testing.T, dirs ...string) (names, texts []string, data []any) {
	t.Helper()
	sep := regexp.MustCompile(`(?m)^---[ \t]*\n`)
	for _, dir := range dirs {
		err := filepath.WalkDir(filepath.Join("../..", dir), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(p) != ".yaml" {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			f := manifest.Parse(p, src, manifest.DefaultLimits)
			parts := sep.Split(string(src), -1)
			if strings.TrimSpace(parts[0]) == "" || strings.HasPrefix(strings.TrimSpace(parts[0]), "#") && !strings.Contains(parts[0], ":") {
				parts = parts[1:]
			}
			if f.Fatal != nil || len(parts) != len(f.Documents) {
				t.Fatalf("%s: %d documents, %d parts between --- lines", p, len(f.Documents), len(parts))
			}
			for i, doc := range f.Documents {
				names = append(names, fmt.Sprintf("%s#%d", strings.TrimPrefix(p, "../../"), i))
				texts = append(texts, parts[i])
				data = append(data, doc.Data)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return names, texts, data
}

// TestBundleServedByOPAMatchesLint serves the bundle with the real OPA and
// posts every manifest document of examples/ and testdata/rules/: each
// decision must be the findings erslint lint reports for that document.
func TestBundleServedByOPAMatchesLint(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "erslint-bundle.tar.gz")
	if r := erslint(t, "", "bundle", "--config", bundleConfig, "--output", file); r.code != 0 {
		t.Fatalf("erslint bundle: exit %d\n%s", r.code, r.stderr)
	}
	opa := startOPA(t, "--bundle", file)
	names, texts, data := manifestDocuments(t, "examples", "testdata/rules", "testdata/bundle")
	if len(names) < 7 {
		t.Fatalf("only %d documents found", len(names))
	}
	for i, name := range names {
		t.Run(name, func(t *testing.T) {
			want := lintFindings(t, texts[i], "--config", bundleConfig)
			got := opa.decide(t, map[string]any{"manifest": data[i], "asOf": strings.TrimPrefix(asOf, "--as-of=")})
			sortFindings(want)
			sortFindings(got)
			w, _ := json.MarshalIndent(want, "", "  ")
			g, _ := json.MarshalIndent(got, "", "  ")
			if !bytes.Equal(w, g) {
				t.Errorf("OPA's decision differs from erslint lint\n--- lint\n%s\n--- opa\n%s", w, g)
			}
			t.Logf("%d findings, the same from both", len(want))
		})
	}
}

// TestBundleDownloadedFromBundleServer has OPA pull the bundle from a bundle
// server, with the sample configuration of docs/bundle.md, and asks one
// decision.
func TestBundleDownloadedFromBundleServer(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "erslint-bundle.tar.gz")
	if r := erslint(t, "", "bundle", "--output", file); r.code != 0 {
		t.Fatalf("erslint bundle: exit %d\n%s", r.code, r.stderr)
	}
	tarball, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan string, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case served <- r.URL.Path:
		default:
		}
		if r.URL.Path != "/erslint/erslint-bundle.tar.gz" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/gzip")
		w.Write(tarball)
	}))
	defer srv.Close()
	opa := startOPA(t, "--config-file", "docs/examples/opa-bundle-config.yaml", "--set", "services.erslint.url="+srv.URL)
	if p := <-served; p != "/erslint/erslint-bundle.tar.gz" {
		t.Fatalf("OPA asked the bundle server for %s", p)
	}
	doc := map[string]any{
		"apiVersion": "ers-onboarding/v1", "kind": "OnboardingManifest", "metadata": map[string]any{"name": "clinic"},
		"stage": "live", "organisation": map[string]any{"name": "Clinic", "type": "gp-practice", "newToErs": true, "typo": 1},
	}
	got := opa.decide(t, map[string]any{"manifest": doc, "asOf": "2026-11-24"})
	var schema []map[string]any
	for _, f := range got {
		if f["ruleId"] == "ERS-SCHEMA-001" {
			schema = append(schema, f)
		}
	}
	want := []map[string]any{{"ruleId": "ERS-SCHEMA-001", "severity": "error", "path": "organisation.typo",
		"message": `unknown key "typo" in organisation; did you mean "type"?`, "suppressed": false}}
	w, _ := json.Marshal(want)
	g, _ := json.Marshal(schema)
	if !bytes.Equal(w, g) {
		t.Errorf("schema findings from the pulled bundle = %s, want %s", g, w)
	}
	if len(got) < 10 {
		t.Errorf("a manifest with no sections gave only %d findings: %v", len(got), got)
	}
}

// TestOPATestOnBundle runs opa test on a bundle with the policies' own tests.
func TestOPATestOnBundle(t *testing.T) {
	opa := testtools.Find(t, "opa", "bash .ci/install-opa.sh")
	dir := filepath.Join(t.TempDir(), "bundle")
	if r := erslint(t, "", "bundle", "--tests", "--config", bundleConfig, "--output", dir); r.code != 0 {
		t.Fatalf("erslint bundle: exit %d\n%s", r.code, r.stderr)
	}
	out, err := exec.Command(opa, "test", "--bundle", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("opa test: %v\n%s", err, out)
	}
	if !regexp.MustCompile(`PASS: (\d+)/(\d+)`).Match(out) {
		t.Fatalf("opa test ran no tests:\n%s", out)
	}
}

// The benchmarks measure decisions through OPA's REST API on this machine, the
// bundle served by the real OPA (docs/performance.md):
//
//	go test -run '^$' -bench OPADecision -benchtime 2000x ./cmd/erslint
//
// BenchmarkOPADecision posts one decision at a time: ns/op is the latency of
// one decision, HTTP and JSON included. BenchmarkOPADecisionParallel posts from
// 8 clients per CPU at once: decisions/s is the server's throughput.
func BenchmarkOPADecision(b *testing.B) {
	for _, doc := range benchDocuments(b) {
		b.Run(doc.name, func(b *testing.B) {
			s := benchOPA(b)
			s.post(b, doc.body) // warm up
			start, _ := s.cpu()
			b.ResetTimer()
			for b.Loop() {
				s.post(b, doc.body)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
			s.reportCPU(b, start)
		})
	}
}

func BenchmarkOPADecisionParallel(b *testing.B) {
	for _, doc := range benchDocuments(b) {
		b.Run(doc.name, func(b *testing.B) {
			s := benchOPA(b)
			http.DefaultTransport.(*http.Transport).MaxIdleConnsPerHost = 64
			b.SetParallelism(8)
			s.post(b, doc.body) // warm up
			start, _ := s.cpu()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					s.post(b, doc.body)
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
			s.reportCPU(b, start)
		})
	}
}

type benchDocument struct {
	name string
	body []byte // {"input": {"manifest": ..., "asOf": ...}}
}

// benchDocuments are a typical compliant manifest and one that breaks every
// rule (testdata/rules/every-rule.yaml, its first document).
func benchDocuments(b *testing.B) []benchDocument {
	var out []benchDocument
	for _, d := range []struct{ name, file string }{
		{"compliant", "examples/independent-sector-provider.yaml"},
		{"every-rule", "testdata/rules/every-rule.yaml"},
	} {
		src, err := os.ReadFile(filepath.Join("../..", d.file))
		if err != nil {
			b.Fatal(err)
		}
		f := manifest.Parse(d.file, src, manifest.DefaultLimits)
		body, err := json.Marshal(map[string]any{"input": map[string]any{"manifest": f.Documents[0].Data, "asOf": "2026-11-24"}})
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, benchDocument{d.name, body})
	}
	return out
}

// benchOPA serves the built-in bundle with the real OPA.
func benchOPA(b *testing.B) *opaServer {
	file := filepath.Join(b.TempDir(), "erslint-bundle.tar.gz")
	out, err := exec.Command(binary, "bundle", "--output", file).CombinedOutput()
	if err != nil {
		b.Fatalf("erslint bundle: %v\n%s", err, out)
	}
	return startOPA(b, "--bundle", file)
}

func TestBundleCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "bundle")
	if r := erslint(t, "", "bundle", "--output", out); r.code != 0 || !strings.Contains(r.stderr, "written to "+out) {
		t.Fatalf("erslint bundle: exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(out, ".manifest")); err != nil {
		t.Errorf("no .manifest in the bundle directory: %v", err)
	}
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, "_test.rego") {
			t.Errorf("%s: tests are only bundled with --tests", p)
		}
		return nil
	})
	cfg := filepath.Join(dir, ".erslint.yaml")
	if err := os.WriteFile(cfg, []byte("rules:\n  ERS-NOPE-001:\n    enabled: false\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"output is required", []string{"bundle"}, 2, "--output is required"},
		{"a directory must be new or empty", []string{"bundle", "--output", out}, 2, "is not empty"},
		{"a setting of an unknown rule", []string{"bundle", "--config", cfg, "--output", filepath.Join(dir, "b.tar.gz")}, 2, cfg + ":2:3: unknown rule ERS-NOPE-001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := erslint(t, "", tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, r.stderr, tt.code, tt.stderr)
			}
		})
	}
}

// TestBundleWithRefDataServedByOPAMatchesLint serves a bundle holding
// reference data (erslint bundle --reference-data) with the real OPA: each
// decision on the reference data manifests is what erslint lint
// --reference-data reports. Then the operator's refresh of docs/bundle.md: a
// bundle without reference data, the document pushed with OPA's data API to
// erslint/refdata (a root the bundle leaves free), gives the same decisions.
func TestBundleWithRefDataServedByOPAMatchesLint(t *testing.T) {
	const ods = "cmd/erslint/testdata/refdata/ods.json"
	dir := t.TempDir()
	with := filepath.Join(dir, "with.tar.gz")
	without := filepath.Join(dir, "without.tar.gz")
	if r := erslint(t, "", "bundle", "--reference-data", ods, "--output", with); r.code != 0 {
		t.Fatalf("erslint bundle: exit %d\n%s", r.code, r.stderr)
	}
	if r := erslint(t, "", "bundle", "--output", without); r.code != 0 {
		t.Fatalf("erslint bundle: exit %d\n%s", r.code, r.stderr)
	}
	served := startOPA(t, "--bundle", with)
	pushed := startOPA(t, "--bundle", without)
	doc, err := os.ReadFile(filepath.Join("../..", ods))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPut, pushed.base+"/v1/data/erslint/refdata", bytes.NewReader(doc))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("PUT /v1/data/erslint/refdata: %s", resp.Status)
	}
	names, texts, data := manifestDocuments(t, "testdata/refdata/manifests")
	refFindings := 0
	for i, name := range names {
		t.Run(name, func(t *testing.T) {
			want := lintFindings(t, texts[i], "--reference-data", ods)
			sortFindings(want)
			w, _ := json.MarshalIndent(want, "", "  ")
			for _, s := range []*opaServer{served, pushed} {
				got := s.decide(t, map[string]any{"manifest": data[i], "asOf": strings.TrimPrefix(asOf, "--as-of=")})
				sortFindings(got)
				g, _ := json.MarshalIndent(got, "", "  ")
				if !bytes.Equal(w, g) {
					t.Errorf("OPA's decision differs from erslint lint\n--- lint\n%s\n--- opa\n%s", w, g)
				}
			}
			for _, f := range want {
				if strings.HasPrefix(fmt.Sprint(f["ruleId"]), "ERS-REF-") {
					refFindings++
				}
			}
		})
	}
	if refFindings < 5 {
		t.Errorf("only %d ERS-REF findings: the reference data was not used", refFindings)
	}
}
