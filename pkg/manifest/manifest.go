// Package manifest reads onboarding manifests: YAML files of one or more documents,
// each kept as a node tree (for line and column) and as plain JSON data (for the
// schema and the policies).
package manifest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/readfile"
	"go.yaml.in/yaml/v3"
)

// Limits bound the work one file may ask for, so that hostile input is refused
// quickly and memory stays bounded. A file that breaches a limit is not checked:
// one problem says which limit, where it was crossed and how to fix it. A zero or
// negative field means its default.
type Limits struct {
	MaxFileBytes int64 // larger files are not parsed
	MaxDocuments int   // documents per file
	// MaxNodes bounds the values built for one file, every alias expanded: a
	// "billion laughs" file of a few hundred bytes asks for 10^9 of them. It is
	// counted per file, not per document, so a thousand documents each just under
	// the limit cannot add up to the same blow-up.
	MaxNodes int
	MaxDepth int // nesting of mappings and lists
}

// DefaultLimits are generous for any real manifest: a large trust's is ~50 KiB,
// ~2,000 values and 6 levels deep.
var DefaultLimits = Limits{
	MaxFileBytes: readfile.DefaultLimit,
	MaxDocuments: 1000,
	MaxNodes:     500_000,
	MaxDepth:     64,
}

// WithDefaults returns l with each zero or negative field set to its default.
func (l Limits) WithDefaults() Limits {
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = DefaultLimits.MaxFileBytes
	}
	if l.MaxDocuments <= 0 {
		l.MaxDocuments = DefaultLimits.MaxDocuments
	}
	if l.MaxNodes <= 0 {
		l.MaxNodes = DefaultLimits.MaxNodes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultLimits.MaxDepth
	}
	return l
}

// Document is one YAML document of a file.
type Document struct {
	File  string
	Index int        // 0-based position in the file
	Root  *yaml.Node // the document's content node; nil for an empty document
	Data  any        // Root as JSON data: map[string]any, []any, string, json.Number, bool, nil
	Line  int        // where the document starts
	// Problems found while reading: duplicate keys, numbers no tool holds
	// exactly. Each is reported as ERS-SCHEMA-001 at its place; the document is
	// still checked.
	Problems []Problem

	// keys indexes the keys of large mappings, so that placing each of many
	// findings does not scan a mapping of many keys again. Built while reading,
	// read-only after: a Document is safe for concurrent reads.
	keys map[*yaml.Node]map[string]int
}

// Problem is something wrong with the YAML itself, at a place in a file.
type Problem struct {
	Line, Column int
	Path         finding.Path
	Message      string
	// Value is set when the problem explains the value itself (a number no tool
	// reads alike): its fix replaces what the schema would say about the value.
	Value bool
}

// File is the result of reading one file: its documents, and a problem that stopped
// the reading if there was one.
type File struct {
	Name      string
	Documents []*Document
	// Fatal is set when the file could not be read to its end: it is not UTF-8
	// text; it has a syntax error (the documents before it are kept); or it
	// breaches a limit or holds an alias inside its own anchor (no document is
	// kept: the file is refused).
	Fatal *Problem
	// FatalDocument is the 0-based index of the document Fatal is in: the one
	// holding a syntax error (the documents before it are kept), else 0.
	FatalDocument int
}

// EmptyFileMessage is the problem of a file with no YAML document (empty, or
// comments only).
const EmptyFileMessage = "file holds no YAML document; write a manifest or remove the file"

// Parse reads every document of src. A syntax error ends the reading at the
// document that holds it; the documents before it are kept. A breached limit
// refuses the whole file (what was read before it is dropped), so a hostile
// file costs no more than the limits allow and yields one clear finding.
func Parse(name string, src []byte, lim Limits) *File {
	lim = lim.WithDefaults()
	f := &File{Name: name}
	if int64(len(src)) > lim.MaxFileBytes {
		f.Fatal = &Problem{Line: 1, Column: 1, Message: TooLarge(int64(len(src)), lim.MaxFileBytes)}
		return f
	}
	if p := checkText(src); p != nil {
		f.Fatal = p
		return f
	}
	if p := checkDensity(src, lim); p != nil {
		f.Fatal = p
		return f
	}
	dec := yaml.NewDecoder(bytes.NewReader(acceptYAML12(src)))
	c := &converter{lim: lim}
	for i := 0; ; i++ {
		var node yaml.Node
		err := decode(dec, &node)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			f.Fatal, f.FatalDocument = syntaxProblem(err, src), i
			if bytes.Contains(src[max(offsetOf(src, f.Fatal.Line)-1, 0):], []byte("\n---")) {
				// The parser cannot find its footing again: say that later documents went unread.
				f.Fatal.Message += "; the documents after it in this file were not read"
			}
			break
		}
		if i >= lim.MaxDocuments {
			return refuse(f, &Problem{Line: max(node.Line, 1), Column: max(node.Column, 1), Message: fmt.Sprintf(
				"file holds more than %d documents; split it into smaller files (or raise --max-documents)", lim.MaxDocuments)})
		}
		d := c.document(name, i, &node)
		if c.fatal != nil {
			return refuse(f, c.fatal)
		}
		f.Documents = append(f.Documents, d)
	}
	if len(f.Documents) == 0 && f.Fatal == nil {
		f.Fatal = &Problem{Line: 1, Column: 1, Message: EmptyFileMessage}
	}
	// An empty document beside real ones ("---" at the end of a file) holds nothing
	// to check; only a file of nothing but empty documents is reported.
	if slices.ContainsFunc(f.Documents, func(d *Document) bool { return d.Root != nil }) {
		f.Documents = slices.DeleteFunc(f.Documents, func(d *Document) bool { return d.Root == nil })
	}
	return f
}

// offsetOf is the byte offset where 1-based line starts.
func offsetOf(src []byte, line int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return len(src)
		}
		off += i + 1
	}
	return off
}

// TooLarge is the problem of a file of size bytes over the limit; a negative
// size is one not known exactly (the file grew while it was read).
func TooLarge(size, limit int64) string { return readfile.TooLarge(size, limit) }

func refuse(f *File, p *Problem) *File {
	f.Documents, f.Fatal = nil, p
	return f
}

// decode reads the next document. yaml.v3 reports its own errors by panicking
// and recovering inside Decode; any other panic is a parser bug that a hostile
// file could trigger, and it must cost that file, not the run.
func decode(dec *yaml.Decoder, node *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: the YAML parser failed on this file (%s); please report it to the erslint maintainers", Clip(fmt.Sprint(r)))
		}
	}()
	return dec.Decode(node)
}

var lineInError = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): (.*)$`) })

// parserProblems are the messages of yaml.v3's parser (not its scanner): it
// reports them at a 0-based line, where the construct opened, so one is added.
var parserProblems = []string{
	"did not find expected node content", "did not find expected <document start>",
	"did not find expected key", "did not find expected ',' or ']'",
	"did not find expected ',' or '}'", "did not find expected '-' indicator",
	"found duplicate %YAML directive", "found incompatible YAML document",
	"found undefined tag handle", "found duplicate %TAG directive",
	"did not find expected <stream-start>",
}

var (
	unknownAnchor = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`) })
	tooDeep       = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^exceeded max depth of (\d+)$`) })
)

// syntaxHints name the fix for the parser's usual complaints.
var syntaxHints = map[string]string{
	"did not find expected ',' or ']'":               "a list opened with [ is not closed with ], or an item lacks its comma",
	"did not find expected ',' or '}'":               "a mapping opened with { is not closed with }, or an entry lacks its comma",
	"mapping values are not allowed in this context": `check the indentation of this line, and quote a value that holds ": "`,
	"could not find expected ':'":                    `a key must be followed by ": " on its own line, and be at most 1024 characters`,
	"did not find expected key":                      "check the indentation: this line does not line up with the keys above it",
	"did not find expected '-' indicator":            "check the indentation: this line does not line up with the list items above it",
	"found unexpected end of stream":                 "a quoted value is not closed: add the closing quote",
	"found character that cannot start any token":    "quote the value: @, ` and % cannot start a plain value",
	"did not find expected node content":             "a value is missing or starts with a character that needs quoting",
}

// syntaxProblem places a parse error: the line where the parser stopped, or where
// the unclosed construct opened (spec §4), with a hint when one is known.
func syntaxProblem(err error, src []byte) *Problem {
	msg := err.Error()
	if m := unknownAnchor().FindStringSubmatch(msg); m != nil {
		line, col := find(src, "*"+m[1])
		return &Problem{Line: line, Column: col, Message: fmt.Sprintf(
			"YAML alias *%s refers to no anchor &%s defined before it; define the anchor first, or remove the alias", Clip(m[1]), Clip(m[1]))}
	}
	line, problem := 1, strings.TrimPrefix(msg, "yaml: ")
	if m := lineInError().FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		problem = m[2]
		if slices.Contains(parserProblems, problem) {
			line++
		}
	}
	line = max(1, min(line, countLines(src)))
	// yaml.v3 gives no column, and its complaint about a tab ("cannot start any
	// token", "did not find expected key") never says tab: name it and point at it.
	tabLines := []int{line}
	if strings.Contains(problem, "tab character") {
		tabLines = append(tabLines, line+1) // reported on the line before the tab
	}
	for _, l := range tabLines {
		if col := indentTab(src, l); col > 0 {
			return &Problem{Line: l, Column: col, Message: "a tab indents this line; YAML indents with spaces only: replace the tab with spaces"}
		}
	}
	if m := tooDeep().FindStringSubmatch(problem); m != nil {
		return &Problem{Line: line, Column: 1, Message: fmt.Sprintf(
			"YAML nests deeper than %s levels, more than the parser allows; a manifest needs fewer than 10", m[1])}
	}
	text := "YAML syntax error: " + problem
	if hint, ok := syntaxHints[problem]; ok {
		text += " (" + hint + ")"
	}
	return &Problem{Line: line, Column: 1, Message: text}
}

// find returns the 1-based line and column of the first occurrence of s in src.
func find(src []byte, s string) (int, int) {
	i := bytes.Index(src, []byte(s))
	if i < 0 {
		return 1, 1
	}
	return position(src, i)
}

// Stage is the document's stage; missing or invalid reads as live (spec §3).
func (d *Document) Stage() finding.Stage {
	if m, ok := d.Data.(map[string]any); ok {
		if s, ok := m["stage"].(string); ok {
			if st, err := finding.ParseStage(s); err == nil {
				return st
			}
		}
	}
	return finding.Live
}
