package refdata

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// APIRecord is one organisation read from an ODS API response.
type APIRecord struct {
	Code string
	Org  Organisation
}

// ParseAPI reads an ODS API response saved as JSON: an ORD 2-0-0
// organisations/{code} record ({"Organisation": {...}}), or a FHIR R4
// Organisation Data Terminology API Organization resource or Bundle of them.
// API records prove no completeness: they add no covers.
func ParseAPI(src []byte) ([]APIRecord, error) {
	var probe struct {
		Organisation json.RawMessage `json:"Organisation"`
		ResourceType string          `json:"resourceType"`
	}
	if err := json.Unmarshal(src, &probe); err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	switch {
	case len(probe.Organisation) > 0:
		r, err := parseORD(probe.Organisation)
		if err != nil {
			return nil, fmt.Errorf("ORD organisation record: %w", err)
		}
		return []APIRecord{r}, nil
	case probe.ResourceType == "Organization":
		r, err := parseFHIR(src)
		if err != nil {
			return nil, fmt.Errorf("FHIR Organization: %w", err)
		}
		return []APIRecord{r}, nil
	case probe.ResourceType == "Bundle":
		var bundle struct {
			Entry []struct {
				Resource json.RawMessage `json:"resource"`
			} `json:"entry"`
		}
		if err := json.Unmarshal(src, &bundle); err != nil {
			return nil, fmt.Errorf("FHIR Bundle: %w", err)
		}
		var out []APIRecord
		for i, e := range bundle.Entry {
			var rt struct {
				ResourceType string `json:"resourceType"`
			}
			_ = json.Unmarshal(e.Resource, &rt)
			if rt.ResourceType != "Organization" {
				continue // a Bundle may hold an OperationOutcome too
			}
			r, err := parseFHIR(e.Resource)
			if err != nil {
				return nil, fmt.Errorf("FHIR Bundle entry %d: %w", i, err)
			}
			out = append(out, r)
		}
		return out, nil
	}
	return nil, errors.New(`neither an ORD organisation record ({"Organisation": ...}) nor a FHIR Organization or Bundle`)
}

// ordDate is a Date entry of ORD: Type Legal or Operational.
type ordDate struct {
	Type  string `json:"Type"`
	Start string `json:"Start"`
	End   string `json:"End"`
}

// operational picks the Operational period, else the Legal one.
func operational(dates []ordDate) (start, end string) {
	for _, want := range []string{"Operational", "Legal"} {
		for _, d := range dates {
			if d.Type == want {
				return d.Start, d.End
			}
		}
	}
	return "", ""
}

func parseORD(raw json.RawMessage) (APIRecord, error) {
	var o struct {
		Name  string    `json:"Name"`
		Date  []ordDate `json:"Date"`
		OrgID struct {
			Extension string `json:"extension"`
		} `json:"OrgId"`
		Roles struct {
			Role []struct {
				ID          string    `json:"id"`
				PrimaryRole bool      `json:"primaryRole"`
				Status      string    `json:"Status"`
				Date        []ordDate `json:"Date"`
			} `json:"Role"`
		} `json:"Roles"`
		Succs struct {
			Succ []struct {
				Type   string    `json:"Type"`
				Date   []ordDate `json:"Date"`
				Target struct {
					OrgID struct {
						Extension string `json:"extension"`
					} `json:"OrgId"`
				} `json:"Target"`
			} `json:"Succ"`
		} `json:"Succs"`
	}
	if err := json.Unmarshal(raw, &o); err != nil {
		return APIRecord{}, err
	}
	r := APIRecord{Code: strings.TrimSpace(o.OrgID.Extension)}
	r.Org.Name = strings.TrimSpace(o.Name)
	r.Org.Opened, r.Org.Closed = operational(o.Date)
	for _, role := range o.Roles.Role {
		// Active roles; of a closed organisation, the roles it held when it
		// closed.
		_, end := operational(role.Date)
		if role.Status == "Inactive" && (r.Org.Closed == "" || end != r.Org.Closed) {
			continue
		}
		r.Org.Roles = append(r.Org.Roles, role.ID)
		if role.PrimaryRole {
			r.Org.PrimaryRole = role.ID
		}
	}
	var successors []string
	for _, s := range o.Succs.Succ {
		if s.Type == "Successor" {
			successors = append(successors, strings.TrimSpace(s.Target.OrgID.Extension))
		}
	}
	slices.Sort(successors)
	if len(successors) > 0 {
		r.Org.Successor = successors[0]
	}
	return r, checkRecord(r)
}

// FHIR's ODS extensions, named by the end of their URL.
const (
	fhirRoleExtension   = "Extension-England-OrganisationRole"
	fhirPeriodExtension = "Extension-England-TypePeriod"
)

type fhirExtension struct {
	URL                  string      `json:"url"`
	ValueBoolean         *bool       `json:"valueBoolean"`
	ValueCoding          *fhirCoding `json:"valueCoding"`
	ValueCodeableConcept *struct {
		Coding []fhirCoding `json:"coding"`
	} `json:"valueCodeableConcept"`
	ValuePeriod *struct {
		Start string `json:"start"`
		End   string `json:"end"`
	} `json:"valuePeriod"`
	Extension []fhirExtension `json:"extension"`
}

type fhirCoding struct {
	Code string `json:"code"`
}

func (e fhirExtension) sub(url string) *fhirExtension {
	for i := range e.Extension {
		if e.Extension[i].URL == url {
			return &e.Extension[i]
		}
	}
	return nil
}

func (e fhirExtension) code() string {
	if e.ValueCoding != nil {
		return e.ValueCoding.Code
	}
	if e.ValueCodeableConcept != nil && len(e.ValueCodeableConcept.Coding) > 0 {
		return e.ValueCodeableConcept.Coding[0].Code
	}
	return ""
}

// roleCode writes a FHIR role code (197 or RO197) as the document does.
func roleCode(c string) string {
	if strings.HasPrefix(c, "RO") {
		return c
	}
	return "RO" + c
}

func parseFHIR(raw json.RawMessage) (APIRecord, error) {
	var o struct {
		ID         string `json:"id"`
		Name       string `json:"name"`
		Identifier []struct {
			System string `json:"system"`
			Value  string `json:"value"`
		} `json:"identifier"`
		Extension []fhirExtension `json:"extension"`
	}
	if err := json.Unmarshal(raw, &o); err != nil {
		return APIRecord{}, err
	}
	r := APIRecord{Code: strings.TrimSpace(o.ID)}
	for _, id := range o.Identifier {
		if strings.HasSuffix(id.System, "ods-organization-code") {
			r.Code = strings.TrimSpace(id.Value)
		}
	}
	r.Org.Name = strings.TrimSpace(o.Name)
	for _, e := range o.Extension {
		switch {
		case strings.HasSuffix(e.URL, fhirPeriodExtension):
			if t := e.sub("dateType"); t != nil && t.code() != "Operational" && r.Org.Opened != "" {
				continue // the Legal period only when there is no Operational one
			}
			if p := e.sub("period"); p != nil && p.ValuePeriod != nil {
				r.Org.Opened, r.Org.Closed = p.ValuePeriod.Start, p.ValuePeriod.End
			} else if e.ValuePeriod != nil {
				r.Org.Opened, r.Org.Closed = e.ValuePeriod.Start, e.ValuePeriod.End
			}
		case strings.HasSuffix(e.URL, fhirRoleExtension):
			rc := e.sub("roleCode")
			if rc == nil || rc.code() == "" {
				return APIRecord{}, errors.New("an OrganisationRole extension has no roleCode")
			}
			if a := e.sub("active"); a != nil && a.ValueBoolean != nil && !*a.ValueBoolean {
				continue
			}
			role := roleCode(rc.code())
			r.Org.Roles = append(r.Org.Roles, role)
			if p := e.sub("primaryRole"); p != nil && p.ValueBoolean != nil && *p.ValueBoolean {
				r.Org.PrimaryRole = role
			}
		}
	}
	return r, checkRecord(r)
}

// checkRecord checks what a record gives as Check checks a document.
func checkRecord(r APIRecord) error {
	if !ValidCode(r.Code) {
		return fmt.Errorf("the ODS code %q is not upper-case letters and digits, 2 to 10", clip(r.Code))
	}
	slices.Sort(r.Org.Roles)
	r.Org.Roles = slices.Compact(r.Org.Roles)
	if r.Org.Roles == nil {
		r.Org.Roles = []string{}
	}
	var e *Error
	if err := checkOrganisation(r.Code, &r.Org); errors.As(err, &e) {
		return errors.New(e.Msg)
	}
	return nil
}

// isJSON tells an API response from a CSV report by its first byte.
func isJSON(src []byte) bool {
	t := bytes.TrimLeft(src, " \t\r\n\ufeff")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}
