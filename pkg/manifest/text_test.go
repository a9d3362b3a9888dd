package manifest

import (
	"fmt"
	"testing"
)

// yamlText, checkText's quick pass, says "nothing to report" exactly when
// the character-by-character check (firstBadChar) finds nothing: for every
// byte, for the characters at the edges of what YAML allows, for broken
// UTF-8, and for many texts mixing them (seeded: the same texts every run).
func TestYAMLTextAgreesWithFirstBadChar(t *testing.T) {
	agree := func(t *testing.T, src []byte) bool {
		t.Helper()
		quick, slow := yamlText(src), firstBadChar(src)
		if quick != (slow == nil) {
			t.Fatalf("%q: yamlText %v, firstBadChar %v", src, quick, slow)
		}
		return quick
	}
	var good, bad int
	count := func(ok bool) {
		if ok {
			good++
		} else {
			bad++
		}
	}
	for b := range 256 {
		count(agree(t, []byte(fmt.Sprintf("key: a%cb\n", b))))
	}
	tokens := []string{"a", " ", "\n", "\r\n", "\t", "\x7f", "\x1b", "\x00", "\u0085", "\u009f", "\u00a0", "é",
		"\u2028", "\u2029", "\ud7ff", "\ue000", "\ufeff", "\ufffd", "\ufffe", "\uffff", "\U00010000", "\U0010ffff",
		"\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\xff", "\x80"}
	for _, tok := range tokens {
		count(agree(t, []byte(tok)))
		count(agree(t, []byte("x: "+tok)))
	}
	for src := range mixedTexts(21, 20000, 12, tokens) {
		count(agree(t, src))
	}
	if good == 0 || bad == 0 {
		t.Fatalf("%d texts allowed and %d refused: the texts do not test both answers", good, bad)
	}
}
