package lint

import (
	"testing"

	"github.com/erslint/erslint/pkg/finding"
)

// A context entry keeps each file's keys as written: read back whole, and an
// entry with a document out of range, or cut short, is not read at all.
func TestContextEntryKeys(t *testing.T) {
	docs := []*docState{
		{index: 0, stage: finding.Live, checked: true, key: repoKey{name: "a", hasName: true, nameLine: 3, nameColumn: 9}},
		{index: 1, checked: false},
		{index: 2, stage: 0, checked: true, key: repoKey{odsCode: "RXX", hasODS: true, odsLine: 7, odsColumn: 12}},
	}
	keys := encodeCtxDocs(docs, func(d *docState) bool { return d.checked })
	entry := func(keys []byte) []byte {
		var e encoder
		e.uint(1)
		e.uint(1)
		e.str("m.yaml")
		e.str("git:abc")
		e.b = append(e.b, keys...)
		return e.b
	}
	got, ok := decodeContext(entry(keys))
	if !ok {
		t.Fatal("a well-formed entry was not read")
	}
	cds, ok := ctxDocs(got["m.yaml"].docs)
	if !ok || len(cds) != 2 || cds[0].key != docs[0].key || cds[1].index != 2 || cds[1].key != docs[2].key || cds[0].stage != finding.Live {
		t.Fatalf("keys read back as %+v, %v", cds, ok)
	}
	bad := func(index int, stage finding.Stage) []byte {
		return encodeCtxDocs([]*docState{{index: index, stage: stage}}, func(*docState) bool { return true })
	}
	for name, keys := range map[string][]byte{
		"negative index":       bad(-1, 0),
		"stage out of range":   bad(0, finding.Live+1),
		"negative stage":       bad(0, -1),
		"cut short":            keys[:len(keys)-1],
		"a count past the end": append([]byte{0x7f}, keys[1:]...),
	} {
		if _, ok := decodeContext(entry(keys)); ok {
			t.Errorf("%s: the entry was read", name)
		}
		if _, ok := ctxDocs(keys); ok {
			t.Errorf("%s: the keys were read", name)
		}
	}
}
