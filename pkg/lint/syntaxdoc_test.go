package lint

import (
	"os"
	"strings"
	"testing"
)

// TestSyntaxErrorChargedToItsDocument: a syntax error in the second document
// of a file is that document's finding, not the first one's, so reports show
// the valid first organisation as it is and the broken one blocked.
func TestSyntaxErrorChargedToItsDocument(t *testing.T) {
	src, err := os.ReadFile("../../examples/gp-practice.yaml")
	if err != nil {
		t.Fatal(err)
	}
	second := strings.Replace(strings.Replace(string(src), "example-medical-practice", "other-practice", 1), "A83008", "A83009", 1)
	tests := []struct {
		name     string
		text     string
		document int
	}{
		{"first document", strings.Replace(string(src), "network: internet", "network: [internet", 1), 0},
		{"second document", string(src) + "---\n" + strings.Replace(second, "network: internet", "network: [internet", 1), 1},
		{"third document, after an empty one", string(src) + "---\n---\n" + strings.Replace(second, "network: internet", "network: [internet", 1), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := lintSources(t, newLinter(t, Options{}), map[string]string{"two.yaml": tt.text})
			if len(rep.Findings) != 1 || !strings.Contains(rep.Findings[0].Message, "YAML syntax error") {
				t.Fatalf("findings %v, want the syntax error alone", lines(rep))
			}
			if got := rep.Findings[0].Document; got != tt.document {
				t.Errorf("syntax error charged to document %d, want %d", got, tt.document)
			}
			last := rep.DocumentInfos[len(rep.DocumentInfos)-1]
			if last.Index != tt.document || last.Checked {
				t.Errorf("document infos %+v: want the last one to be the broken document %d, not checked", rep.DocumentInfos, tt.document)
			}
		})
	}
}
