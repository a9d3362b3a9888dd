package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// odsFixtures are the ODS files of pkg/refdata's tests, in the published
// layouts, relative to the repository root.
// noRefData is the text report's line for a run without reference data.
const noRefData = "Reference data: none (the ODS checks, ERS-REF-*, did not run).\n"

func odsFixtures(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../pkg/refdata/testdata/ods/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for i, f := range files {
		files[i] = strings.TrimPrefix(f, "../../")
	}
	return files
}

// TestRefDataImportThenLint imports the fixtures as a user would, gets the
// document kept in testdata (the same bytes), and lints manifests against it:
// the REF findings are the golden file's.
func TestRefDataImportThenLint(t *testing.T) {
	out := filepath.Join(t.TempDir(), "ods.json")
	r := erslint(t, "", append([]string{"refdata", "import", "--extracted=2026-11-30", "--output", out}, odsFixtures(t)...)...)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "refdata/ods.json", string(got))

	r = erslint(t, "", "lint", "--as-of=2026-12-01", "--format=json", "--reference-data=cmd/erslint/testdata/refdata/ods.json", "testdata/refdata/manifests")
	if r.code != 1 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var rep struct {
		ReferenceData *struct{ Source, Extracted string } `json:"referenceData"`
		Findings      []struct {
			RuleID, Severity, Message, File string
			Line, Column                    int
			Suppressed                      bool
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.ReferenceData == nil || rep.ReferenceData.Extracted != "2026-11-30" || !strings.HasPrefix(rep.ReferenceData.Source, "ODS Data Search and Export: ") {
		t.Errorf("referenceData %+v", rep.ReferenceData)
	}
	var lines []string
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.RuleID, "ERS-REF-") {
			waived := ""
			if f.Suppressed {
				waived = " (waived)"
			}
			lines = append(lines, fmt.Sprintf("%s:%d:%d: %s %s%s %s", f.File, f.Line, f.Column, f.Severity, f.RuleID, waived, f.Message))
		}
	}
	checkGolden(t, "refdata/findings.golden", strings.Join(lines, "\n")+"\n")

	// SARIF: the same under runs[0].properties; Markdown: one line.
	r = erslint(t, "", "lint", "--as-of=2026-12-01", "--format=sarif", "--reference-data=cmd/erslint/testdata/refdata/ods.json", "testdata/refdata/manifests")
	var sarif struct {
		Runs []struct {
			Properties struct {
				ReferenceData *struct{ Source, Extracted string } `json:"referenceData"`
			} `json:"properties"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &sarif); err != nil || len(sarif.Runs) != 1 || sarif.Runs[0].Properties.ReferenceData == nil ||
		sarif.Runs[0].Properties.ReferenceData.Extracted != "2026-11-30" {
		t.Errorf("SARIF runs[0].properties: %v\n%.400s", err, r.stdout)
	}
	r = erslint(t, "", "lint", "--as-of=2026-12-01", "--format=markdown", "--reference-data=cmd/erslint/testdata/refdata/ods.json", "testdata/refdata/manifests")
	if !strings.Contains(r.stdout, "Reference data: ODS Data Search and Export: eccg, ephp, ephpsite, epraccur, etr, ets; ODS API: 5 organisation record(s), extracted 2026-11-30.") {
		t.Errorf("markdown:\n%.600s", r.stdout)
	}

	// Without reference data the REF rules are silent and reports say so.
	r = erslint(t, "", "lint", "--as-of=2026-12-01", "testdata/refdata/manifests")
	if strings.Contains(r.stdout, " ERS-REF-0") || !strings.Contains(r.stdout, "Reference data: none") {
		t.Errorf("without reference data:\n%s", r.stdout)
	}
}

// A malformed input stops the import with its file and line, and FILE is not
// written (nor an earlier one replaced).
func TestRefDataImportRefusesMalformedRows(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "ods.json")
	if err := os.WriteFile(out, []byte("previous"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "etr.csv")
	src, _ := os.ReadFile("../../pkg/refdata/testdata/ods/etr.csv")
	rows := strings.SplitAfter(string(src), "\r\n")
	if err := os.WriteFile(bad, []byte(rows[0]+strings.Replace(rows[1], `"20020401"`, `"2002-04-01"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runIn(t, dir, "", "refdata", "import", "--output", "ods.json", "etr.csv")
	if r.code != 2 || !strings.Contains(r.stderr, `etr.csv:2: column 11 (Open Date) "2002-04-01" is not a date YYYYMMDD`) {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(out); string(got) != "previous" {
		t.Errorf("FILE was written: %.40q", got)
	}
	if r := runIn(t, dir, "", "refdata", "import", "etr.csv"); r.code != 2 || !strings.Contains(r.stderr, "--output FILE is required") {
		t.Errorf("without --output: exit %d: %s", r.code, r.stderr)
	}
}

// Reference data that is invalid or stale is refused (exit 2, saying why);
// the configuration's referenceData is relative to it, and
// referenceDataMaxAge changes the limit.
func TestRefDataRefused(t *testing.T) {
	dir := t.TempDir()
	ods, _ := os.ReadFile("testdata/refdata/ods.json")
	writeFiles(t, dir, map[string]string{
		"data/ods.json":  string(ods),
		"bad.json":       `{"format": "erslint-refdata/v1"}`,
		"m/trust.yaml":   readExample(t, "nhs-trust.yaml"),
		".erslint.yaml":  "referenceData: data/ods.json\n",
		"sub/.gitignore": "",
	})
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"fresh from the configuration", []string{"lint", "--as-of=2027-02-28", "m"}, -1, "Reference data: ODS Data Search and Export"},
		{"stale on the 91st day", []string{"lint", "--as-of=2027-03-01", "m"}, 2, "referenceData " + filepath.Join(dir, "data/ods.json") + ": reference data extracted on 2026-11-30 is stale on 2027-03-01: more than 90 days old"},
		{"forecast refuses it too", []string{"forecast", "--as-of=2027-03-01", "m"}, 2, "is stale on 2027-03-01"},
		{"invalid", []string{"lint", "--as-of=2026-12-01", "--reference-data=bad.json", "m"}, 2, "--reference-data: reference data bad.json: not a valid erslint-refdata/v1 document"},
		{"missing", []string{"lint", "--as-of=2026-12-01", "--reference-data=nope.json", "m"}, 2, "--reference-data: read reference data nope.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runIn(t, dir, "", tc.args...)
			if tc.code >= 0 && r.code != tc.code || !strings.Contains(r.stdout+r.stderr, tc.want) {
				t.Errorf("exit %d\nstdout %s\nstderr %s\nwant %q", r.code, r.stdout, r.stderr, tc.want)
			}
		})
	}
	writeFiles(t, dir, map[string]string{".erslint.yaml": "referenceData: data/ods.json\nreferenceDataMaxAge: 365\n"})
	if r := runIn(t, dir, "", "lint", "--as-of=2027-03-01", "m"); r.code == 2 {
		t.Errorf("referenceDataMaxAge 365: %s", r.stderr)
	}
}

// odsStandIn answers as the ODS ORD API does, from the fixtures: 404 for a
// code it does not know; QE1 first answered 429 with Retry-After: 1, RXN
// first 503. It records when each request came.
type odsStandIn struct {
	mu       sync.Mutex
	times    []time.Time
	seen     map[string]int
	records  map[string][]byte
	slowness time.Duration
}

func (s *odsStandIn) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.times = append(s.times, time.Now())
	code := strings.TrimPrefix(r.URL.Path, "/ORD/2-0-0/organisations/")
	s.seen[code]++
	n := s.seen[code]
	s.mu.Unlock()
	if s.slowness > 0 {
		time.Sleep(s.slowness)
	}
	switch {
	case code == "QE1" && n == 1:
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		return
	case code == "RXN" && n == 1:
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	rec, ok := s.records[code]
	if !ok {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, `{"errorCode": 404, "errorText": "Not Found"}`)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(rec)
}

func newODSStandIn(t *testing.T) *odsStandIn {
	s := &odsStandIn{seen: map[string]int{}, records: map[string][]byte{}}
	for _, code := range []string{"RXN", "QE1", "RW6"} {
		b, err := os.ReadFile("../../pkg/refdata/testdata/ods/ord-" + code + ".json")
		if err != nil {
			t.Fatal(err)
		}
		s.records[code] = b
	}
	return s
}

// TestRefDataFetch runs refdata fetch end to end against a local stand-in of
// the ODS API: retries after 429 and 503, lists the unknown code, keeps to 5
// requests a second, and writes a document lint takes.
func TestRefDataFetch(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"m/trust.yaml": "apiVersion: ers-onboarding/v1\nkind: OnboardingManifest\nmetadata:\n  name: t\nstage: planning\norganisation:\n  name: Lancashire Teaching Hospitals NHS Foundation Trust\n  type: nhs-trust\n  odsCode: RXN\n  newToErs: false\n",
		"m/clinic.yaml": "apiVersion: ers-onboarding/v1\nkind: OnboardingManifest\nmetadata:\n  name: c\nstage: planning\norganisation:\n  name: C\n  type: independent-sector-provider\n  odsCode: 8ZZ99\n  newToErs: true\n" +
			"services:\n  - id: s\n    contracts:\n      - commissioner:\n          name: ICB\n          odsCode: qe1\n      - commissioner:\n          name: Old\n          odsCode: RW6\n",
	})
	stand := newODSStandIn(t)
	srv := httptest.NewServer(stand)
	defer srv.Close()
	r := runIn(t, dir, "", "refdata", "fetch", "--api", srv.URL+"/ORD/2-0-0", "--output", "ods.json", "m")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "the ODS API does not know 8ZZ99") || !strings.Contains(r.stderr, "3 of 4 codes found") {
		t.Errorf("stderr: %s", r.stderr)
	}
	stand.mu.Lock()
	times := slices.Clone(stand.times)
	seen := stand.seen
	stand.mu.Unlock()
	if seen["QE1"] != 2 || seen["RXN"] != 2 || seen["8ZZ99"] != 1 || seen["RW6"] != 1 {
		t.Errorf("requests per code: %v", seen)
	}
	// The client starts a request 200ms after the previous one ended.
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < 200*time.Millisecond {
			t.Errorf("request %d came %s after the one before: more than 5 a second", i, gap)
		}
	}
	var doc struct {
		Covers        []string
		Organisations map[string]struct{ Roles []string }
	}
	b, _ := os.ReadFile(filepath.Join(dir, "ods.json"))
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Covers) != 0 || len(doc.Organisations) != 3 || !slices.Equal(doc.Organisations["QE1"].Roles, []string{"RO261", "RO318"}) {
		t.Errorf("document: %s", b)
	}
	asOf := "--as-of=" + time.Now().UTC().Format(time.DateOnly)
	r = runIn(t, dir, "", "lint", asOf, "--reference-data=ods.json", "m")
	if !strings.Contains(r.stdout, "ERS-REF-004") || !strings.Contains(r.stdout, "it closed on 2021-09-30; its successor is RM3") {
		t.Errorf("lint with the fetched data:\n%s", r.stdout)
	}
}

func TestRefDataFetchFailsClearly(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"m/trust.yaml": "apiVersion: ers-onboarding/v1\nkind: OnboardingManifest\nmetadata:\n  name: t\nstage: planning\norganisation:\n  name: T\n  type: nhs-trust\n  odsCode: RW6\n  newToErs: false\n",
	})
	// A server slower than the timeout.
	slow := newODSStandIn(t)
	slow.slowness = 2 * time.Second
	srv := httptest.NewServer(slow)
	defer srv.Close()
	r := runIn(t, dir, "", "refdata", "fetch", "--api", srv.URL+"/ORD/2-0-0", "--timeout=200ms", "--retries=1", "--output", "ods.json", "m")
	if r.code != 2 || !strings.Contains(r.stderr, "ODS API: look up RW6: no answer within 200ms, after 2 attempts") {
		t.Errorf("slow server: exit %d: %s", r.code, r.stderr)
	}
	// Always 500.
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) }))
	defer broken.Close()
	r = runIn(t, dir, "", "refdata", "fetch", "--api", broken.URL, "--retries=2", "--output", "ods.json", "m")
	if r.code != 2 || !strings.Contains(r.stderr, "HTTP 500, after 3 attempts") {
		t.Errorf("broken server: exit %d: %s", r.code, r.stderr)
	}
	// Nothing listening.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	r = runIn(t, dir, "", "refdata", "fetch", "--api", "http://"+addr, "--retries=1", "--output", "ods.json", "m")
	if r.code != 2 || !strings.Contains(r.stderr, "connection refused") || !strings.Contains(r.stderr, "is the API reachable at") {
		t.Errorf("unreachable: exit %d: %s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "ods.json")); err == nil {
		t.Error("a failed fetch wrote the file")
	}
	if r := runIn(t, dir, "", "refdata", "fetch", "--rate=10", "--output", "ods.json", "m"); r.code != 2 || !strings.Contains(r.stderr, "at most 5 requests a second") {
		t.Errorf("--rate 10: exit %d: %s", r.code, r.stderr)
	}
}
