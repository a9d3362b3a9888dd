package manifest

import (
	"bytes"
	"strings"
)

// LooksLikeManifest reports whether a file found while walking a directory may
// hold an onboarding manifest, so that other YAML (docker-compose.yml, CI
// workflows, Kubernetes objects) can be left out of a run. It fails closed: a
// file is taken as a manifest when any sign says it could be one, a misspelt
// one included, for a typo must never make a manifest vanish from a run:
//
//   - its text names ers-onboarding or OnboardingManifest anywhere, comments
//     included (a commented-out manifest is still reported);
//   - it could not be read as YAML to its end (a syntax error, a limit, not
//     UTF-8), it is empty or only comments, or a document is a scalar or null:
//     what it was meant to be cannot be told, so it is linted;
//   - a document (or a mapping in a top-level list) has an apiVersion whose
//     value starts with "ers" or is close to ers-onboarding/…, a kind close to
//     OnboardingManifest, or a top-level key only a manifest has (stage,
//     goLive, waivers, or one close to organisation, registrationAuthority or
//     governance); keys are compared ignoring case, hyphens and underscores.
//
// So a file is left out only when it has a mapping or list document and none
// of its documents shows a sign. Files named on the command line are linted
// whatever this says.
func LooksLikeManifest(f *File, src []byte) bool {
	if f.Fatal != nil {
		return true
	}
	foreign := 0
	for _, doc := range f.Documents {
		switch doc.Data.(type) {
		case map[string]any, []any:
			if hasManifestSign(doc.Data) {
				return true
			}
			foreign++
		default:
			if doc.Root != nil {
				return true // a scalar or null where a mapping belongs: a broken manifest, perhaps
			}
		}
	}
	if foreign == 0 {
		return true // only empty documents, or none: linted, to say so
	}
	// Last, as it copies the file: the text, comments included.
	lower := bytes.ToLower(src)
	return bytes.Contains(lower, []byte("ers-onboarding")) || bytes.Contains(lower, []byte("onboardingmanifest"))
}

func hasManifestSign(data any) bool {
	switch v := data.(type) {
	case []any:
		for _, item := range v {
			if m, ok := item.(map[string]any); ok && mappingHasSign(m) {
				return true
			}
		}
	case map[string]any:
		return mappingHasSign(v)
	}
	return false
}

func mappingHasSign(m map[string]any) bool {
	for key, value := range m {
		k := normaliseKey(key)
		s, _ := value.(string)
		s = strings.ToLower(strings.TrimSpace(s))
		switch {
		case within(k, "apiversion", 2) && s != "":
			group, _, _ := strings.Cut(s, "/")
			if strings.HasPrefix(s, "ers") || strings.Contains(s, "onboard") || within(group, "ers-onboarding", 3) {
				return true
			}
		case k == "kind" && s != "":
			if strings.Contains(s, "onboard") || within(normaliseKey(s), "onboardingmanifest", 4) {
				return true
			}
		case k == "stage", k == "golive", k == "waivers",
			within(k, "organisation", 2), within(k, "registrationauthority", 3), within(k, "governance", 2):
			return true
		}
	}
	return false
}

// keySeparators are dropped from a key before it is compared; one Replacer
// for the run, since building one costs more than using it (it ran for every
// key of every walked file).
var keySeparators = strings.NewReplacer("-", "", "_", "", " ", "")

func normaliseKey(k string) string {
	return keySeparators.Replace(strings.ToLower(k))
}

// within reports whether a and b are at most n single-character edits apart
// (Levenshtein distance). Only short keys and values are compared.
func within(a, b string, n int) bool {
	if len(a) > 64 || len(b) > 64 {
		return false
	}
	if d := len(a) - len(b); d > n || -d > n {
		return false
	}
	var rows [2][65]int // on the stack: it runs for every key of every document's mapping
	prev, cur := rows[0][:len(b)+1], rows[1][:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)] <= n
}
