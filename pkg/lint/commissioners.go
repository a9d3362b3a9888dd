package lint

import "strings"

// Commissioner is a commissioner a document contracts with, as written.
type Commissioner struct {
	ODSCode string
	Name    string // as the first contract naming the code writes it; "" when not a string
}

// maxCommissioners bounds what a report keeps of one document: a hostile
// manifest may list thousands of contracts.
const maxCommissioners = 64

// maxCodeBytes and maxNameBytes bound a commissioner's code and name as kept:
// a hostile manifest's 1 MiB name must not reach every report whole.
const (
	maxCodeBytes = 16
	maxNameBytes = 200
)

// commissionersOf reads the commissioners of a manifest's contracts, each
// ODS code once; codes that are not strings are left out (the schema reports
// them).
func commissionersOf(m map[string]any) []Commissioner {
	var out []Commissioner
	seen := map[string]bool{}
	services, _ := m["services"].([]any)
	for _, s := range services {
		svc, _ := s.(map[string]any)
		contracts, _ := svc["contracts"].([]any)
		for _, c := range contracts {
			con, _ := c.(map[string]any)
			com, _ := con["commissioner"].(map[string]any)
			code, ok := com["odsCode"].(string)
			// A code longer than any ODS code is not one (the schema
			// reports it): it would only make the reports big.
			if !ok || code == "" || len(code) > maxCodeBytes || seen[code] {
				continue
			}
			if len(out) == maxCommissioners {
				return out
			}
			seen[code] = true
			name, _ := com["name"].(string)
			if len(name) > maxNameBytes {
				name = strings.ToValidUTF8(name[:maxNameBytes], "") + "…"
			}
			out = append(out, Commissioner{ODSCode: code, Name: name})
		}
	}
	return out
}
