// Package starter writes the starting manifest `erslint init` creates: every
// section, commented with what to fill in and the rule that checks it, for one
// type of organisation. It passes the schema; the rules then list what is left.
package starter

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"text/template"

	"github.com/erslint/erslint/pkg/finding"
)

// Types are the organisation types of manifest v1.
var Types = []string{"nhs-trust", "gp-practice", "independent-sector-provider", "commissioner", "community-provider", "other"}

// Options describe the organisation.
type Options struct {
	Type    string // one of Types
	Name    string // metadata.name: a slug
	OrgName string // organisation.name; derived from Name when empty
	Stage   string // planning (default), pre-go-live or live
}

// slug is compiled on its first use, by erslint init: its repetition makes a
// large program, 0.5 ms of every start's package initialisation.
var slug = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`) })

// Manifest renders the starting manifest.
func Manifest(o Options) ([]byte, error) {
	if !slices.Contains(Types, o.Type) {
		return nil, fmt.Errorf("unknown organisation type %q (want one of %s)", o.Type, strings.Join(Types, ", "))
	}
	if !slug().MatchString(o.Name) {
		return nil, fmt.Errorf("name %q must be a slug of lower-case letters, digits and hyphens, e.g. example-clinic", o.Name)
	}
	if o.Stage == "" {
		o.Stage = "planning"
	}
	if _, err := finding.ParseStage(o.Stage); err != nil {
		return nil, err
	}
	if o.OrgName == "" {
		o.OrgName = titleCase(o.Name)
	}
	var buf bytes.Buffer
	err := manifestTemplate().Execute(&buf, map[string]any{
		"Type": o.Type, "Name": o.Name, "OrgName": quote(o.OrgName), "Stage": o.Stage,
		"ISP": o.Type == "independent-sector-provider", "GP": o.Type == "gp-practice",
	})
	if err != nil {
		return nil, fmt.Errorf("render manifest: %w", err)
	}
	return buf.Bytes(), nil
}

func titleCase(s string) string {
	words := strings.Split(s, "-")
	for i, w := range words {
		if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

// quote writes a YAML double-quoted string.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// manifestTemplate is parsed on its first use, by erslint init, not at every
// start of erslint (0.8 ms of a cold start's package initialisation).
var manifestTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("manifest").Parse(manifestText))
})

const manifestText = `# yaml-language-server: $schema=./manifest-v1.schema.json
# Editors check this file as it is typed with the schema beside it (erslint init
# writes it; refresh it with: erslint schema --output manifest-v1.schema.json).
# e-RS onboarding manifest for {{.OrgName}}, written by erslint init.
# Fill in each section as it is done; "erslint lint" lists what is still missing,
# and "erslint explain ID" says why a rule exists and how to meet it.
apiVersion: ers-onboarding/v1
kind: OnboardingManifest
metadata:
  name: {{.Name}}
  # owner: digital.team@example.nhs.uk
stage: {{.Stage}}  # planning, then pre-go-live, then live: rules apply in full from their stage
organisation:
  name: {{.OrgName}}
  type: {{.Type}}
  # ODS code (ERS-ODS-001): upper-case letters and digits, quoted, e.g. "8HV48".
  # odsCode: "XXXXX"
  newToErs: true  # false if the organisation already uses e-RS
{{- if .GP}}
# A GP practice that only refers patients sets up no services of its own.
services: []
{{- else}}
services:  # the services to set up on e-RS
  - id: first-service
    name: Name of the service
    bookingType: directly-bookable  # or indirectly-bookable
{{- if .ISP}}
    # An independent sector provider needs a commissioner contract for each service
    # (ERS-CON-001), in force (ERS-CON-002), with payment agreed (ERS-CON-003).
    contracts:
      - commissioner:
          name: Name of the commissioner
          # odsCode: "QWE"
        reference: CONTRACT-REFERENCE
        # start: "YYYY-MM-DD"
        # end: "YYYY-MM-DD"
        paymentAgreed: false
{{- end}}
{{- end}}
registrationAuthority:  # ERS-RA-001, ERS-RA-002
  inPlace: false
  provider: own  # or external, with providerName
  ersBusinessRolesAdded: false
governance:
  dspt:  # Data Security and Protection Toolkit (ERS-GOV-001, ERS-GOV-002)
    status: not-published
    # version: "2025-26"
    # publishedOn: "YYYY-MM-DD"
  lessPrivateSettings: false  # true if screens may be overlooked; then screenFilters (ERS-GOV-003)
  clinicalSafety:
    # officer:  # the named Clinical Safety Officer (ERS-GOV-004)
    #   name: Dr A Example
    #   registration: GMC 1234567
    dcb0160: not-started  # in-progress, then compliant (ERS-GOV-005)
devices: []  # each device group, checked against the e-RS specification (ERS-DEV-001)
access:
  url: internet-facing  # e-RS is always used via the internet-facing URL (ERS-ACC-001)
  network: internet
  authentication: []  # e.g. cis2-security-key, cis2-windows-hello, cis2-smartcard (ERS-ACC-002..005)
  existingSmartcardInfrastructure: false
training:
  applicationGuidanceReviewed: false  # ERS-TRN-001
goLive:  # the go-live checklist (ERS-LIVE-001..006)
  # plannedDate: "YYYY-MM-DD"
  nationalServiceDeskRegistered: false
  releasePageBookmarked: false
  trainingForumJoined: false
  checkInCallBooked: false
  benefitsCaseRaised: false
  sessionTimeoutsUnderstood: false
# waivers:  # accepted, time-boxed exceptions
#   - rule: ERS-GOV-003
#     reason: Filters on order
#     approvedBy: Clinical Safety Officer
#     expires: "YYYY-MM-DD"
`
