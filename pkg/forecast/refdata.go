package forecast

import (
	"strings"
	"time"

	"github.com/erslint/erslint/pkg/refdata"
)

// refDataDays are the days the reference data says the document's
// organisation, or a commissioner of one of its contracts, opens or closes
// (spec §8): open from its opened day, closed from its closed day, so
// ERS-REF-002 and ERS-REF-004 change on those days.
func refDataDays(doc map[string]any, data *refdata.Document) []time.Time {
	if data == nil {
		return nil
	}
	var days []time.Time
	add := func(code any) {
		s, _ := code.(string)
		o := data.Organisations[strings.ToUpper(strings.TrimSpace(s))]
		if o == nil {
			return
		}
		for _, d := range []string{o.Opened, o.Closed} {
			if t, ok := parseDate(d); ok {
				days = append(days, t)
			}
		}
	}
	org, _ := doc["organisation"].(map[string]any)
	add(org["odsCode"])
	for _, s := range list(doc["services"]) {
		service, _ := s.(map[string]any)
		for _, c := range list(service["contracts"]) {
			contract, _ := c.(map[string]any)
			commissioner, _ := contract["commissioner"].(map[string]any)
			add(commissioner["odsCode"])
		}
	}
	return days
}
