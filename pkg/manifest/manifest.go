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
	"strconv"
	"unicode/utf8"

	"github.com/erslint/erslint/pkg/finding"
	"go.yaml.in/yaml/v3"
)

// Limits bound the work one file may ask for, so hostile input is refused quickly.
type Limits struct {
	MaxFileBytes int64 // larger files are not parsed
	MaxDocuments int   // documents per file
	MaxNodes     int   // nodes produced per document, aliases expanded ("billion laughs")
	MaxDepth     int   // nesting of mappings and sequences
}

// DefaultLimits are generous for any real manifest (a large trust's is ~50 KiB).
var DefaultLimits = Limits{
	MaxFileBytes: 10 << 20,
	MaxDocuments: 1000,
	MaxNodes:     200_000,
	MaxDepth:     64,
}

// Document is one YAML document of a file.
type Document struct {
	File  string
	Index int        // 0-based position in the file
	Root  *yaml.Node // the document's content node; nil for an empty document
	Data  any        // Root as JSON data: map[string]any, []any, string, json.Number, bool, nil
	Line  int        // where the document starts
	// Problems found while reading: duplicate keys, limits. Each is reported as
	// ERS-SCHEMA-001 at its place; the document is still checked.
	Problems []Problem
}

// Problem is something wrong with the YAML itself, at a place in a file.
type Problem struct {
	Line, Column int
	Path         finding.Path
	Message      string
}

// File is the result of reading one file: its documents, and a problem that stopped
// the reading (a parse error or a limit) if there was one.
type File struct {
	Name      string
	Documents []*Document
	Fatal     *Problem // set when the file could not be read to its end
}

// EmptyFileMessage is the problem of a file with no YAML document (empty, or
// comments only).
const EmptyFileMessage = "file holds no YAML document; write a manifest or remove the file"

var lineInError = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse reads every document of src. A syntax error ends the reading at the
// document that holds it; the documents before it are kept.
func Parse(name string, src []byte, lim Limits) *File {
	f := &File{Name: name}
	if int64(len(src)) > lim.MaxFileBytes {
		f.Fatal = &Problem{Line: 1, Column: 1, Message: fmt.Sprintf(
			"file is %d bytes, over the limit of %d bytes; split it into smaller files", len(src), lim.MaxFileBytes)}
		return f
	}
	if p := checkText(src); p != nil {
		f.Fatal = p
		return f
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for i := 0; ; i++ {
		var node yaml.Node
		err := dec.Decode(&node)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			f.Fatal = syntaxProblem(err, src)
			break
		}
		if i >= lim.MaxDocuments {
			f.Fatal = &Problem{Line: node.Line, Column: node.Column, Message: fmt.Sprintf(
				"more than %d documents in one file; split it into smaller files", lim.MaxDocuments)}
			break
		}
		f.Documents = append(f.Documents, newDocument(name, i, &node, lim))
	}
	if len(f.Documents) == 0 && f.Fatal == nil {
		f.Fatal = &Problem{Line: 1, Column: 1, Message: EmptyFileMessage}
	}
	return f
}

// checkText refuses input that is not UTF-8 text before the YAML parser sees it,
// so the message can say where the bad byte is.
func checkText(src []byte) *Problem {
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return &Problem{Line: line, Column: col, Message: fmt.Sprintf(
				"invalid UTF-8 byte 0x%02x; save the file as UTF-8 text", src[i])}
		case r == 0:
			return &Problem{Line: line, Column: col, Message: "file holds a NUL byte: it is binary, not a YAML manifest"}
		case r == '\n':
			line, col = line+1, 1
		default:
			col++
		}
		i += size
	}
	return nil
}

// parserProblems are the messages of yaml.v3's parser (not its scanner): it
// reports them at the 0-based line where the construct opened, so one is added.
var parserProblems = []string{
	"did not find expected node content", "did not find expected <document start>",
	"did not find expected key", "did not find expected ',' or ']'",
	"did not find expected ',' or '}'", "did not find expected '-' indicator",
}

var unknownAnchor = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)

// syntaxProblem places a parse error: the line where the parser stopped, or where
// the unclosed construct opened (spec §4).
func syntaxProblem(err error, src []byte) *Problem {
	msg := err.Error()
	lines := bytes.Count(src, []byte("\n"))
	if len(src) > 0 && src[len(src)-1] != '\n' {
		lines++
	}
	if m := lineInError.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		for _, p := range parserProblems {
			if m[2] == p {
				line++
			}
		}
		line = max(1, min(line, lines))
		return &Problem{Line: line, Column: 1, Message: "YAML syntax error: " + m[2]}
	}
	if m := unknownAnchor.FindStringSubmatch(msg); m != nil {
		line, col := find(src, "*"+m[1])
		return &Problem{Line: line, Column: col, Message: fmt.Sprintf("YAML alias *%s refers to no anchor &%s defined before it", m[1], m[1])}
	}
	return &Problem{Line: 1, Column: 1, Message: "YAML syntax error: " + trimYAMLPrefix(msg)}
}

// find returns the 1-based line and column of the first occurrence of s in src.
func find(src []byte, s string) (int, int) {
	i := bytes.Index(src, []byte(s))
	if i < 0 {
		return 1, 1
	}
	line := bytes.Count(src[:i], []byte("\n")) + 1
	col := i - bytes.LastIndexByte(src[:i], '\n')
	return line, col
}

func trimYAMLPrefix(s string) string {
	if len(s) > 6 && s[:6] == "yaml: " {
		return s[6:]
	}
	return s
}

func newDocument(file string, index int, node *yaml.Node, lim Limits) *Document {
	d := &Document{File: file, Index: index, Line: node.Line}
	if node.Kind == yaml.DocumentNode && len(node.Content) > 0 {
		d.Root = node.Content[0]
	}
	if r := d.Root; r != nil && r.Kind == yaml.ScalarNode && r.Value == "" && r.ShortTag() == "!!null" && r.Style == 0 {
		d.Root = nil // "---" with nothing after it
	}
	if d.Root == nil {
		d.Line = max(d.Line, 1)
		return d
	}
	c := converter{lim: lim}
	d.Data = c.convert(d.Root, nil, 0)
	d.Problems = c.problems
	return d
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
