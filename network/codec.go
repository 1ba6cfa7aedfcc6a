package network

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// Format is the encoding of a network document written by Encode.
type Format int

// The document encodings.
const (
	JSON Format = iota // JSON, one element per line
	YAML               // YAML, one element per line in flow style
)

// String returns "json", "yaml" or "Format(n)" for an unknown value.
func (f Format) String() string {
	switch f {
	case JSON:
		return "json"
	case YAML:
		return "yaml"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

const (
	docFormat  = "lifeline-network"
	docVersion = 1

	// maxDepth bounds the nesting of a document; a valid one nests 4 deep.
	maxDepth = 64
)

// Decode reads one network document, JSON or YAML, from r and builds it.
// The encoding is sniffed: JSON if the first byte that is not white space
// (after an optional UTF-8 byte order mark) is '{', YAML otherwise. The file
// name is used only in error positions; see DecodeJSON for the errors.
func Decode(r io.Reader, file string) (*Network, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("network: reading %s: %w", file, err)
	}
	if isJSON(data) {
		return decodeBytes(data, file, JSON)
	}
	return decodeBytes(data, file, YAML)
}

// DecodeJSON reads one JSON network document from r and builds it. The
// document format is described in docs/network-format.md.
//
// Every element read carries Pos{File: file, Line: its line}, so the errors
// of Builder.Build name the file and line. Problems in the document itself
// (syntax, a value of the wrong type, an unknown or repeated key, a number
// that does not parse, an unsupported version) are reported as *FieldError
// too, with the line of the value, the element and its ID, and the field;
// all problems come joined, in line order (see Problems). A syntax error
// stops decoding at the first one. A zone, node or link with a field that
// does not decode is left out of validation, while the other elements are
// still validated and their problems reported too; any other decoding
// problem (at the top level, in a class, in an ID, an element that is not a
// mapping) means the network is not validated. The returned error matches
// ErrInvalid whenever the input is at fault; errors from r are returned
// wrapped. Decode never panics, whatever the input.
func DecodeJSON(r io.Reader, file string) (*Network, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("network: reading %s: %w", file, err)
	}
	return decodeBytes(data, file, JSON)
}

// DecodeYAML reads one YAML network document from r and builds it. It
// accepts exactly one YAML document; anchors and aliases are expanded. Plain
// scalars such as 42 or true are accepted where a string is expected (as
// "42", "true"). Errors are reported as by DecodeJSON.
func DecodeYAML(r io.Reader, file string) (*Network, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("network: reading %s: %w", file, err)
	}
	return decodeBytes(data, file, YAML)
}

// ReadFile reads and builds the network document at path: JSON for a .json
// extension, YAML for .yaml or .yml (in any letter case), sniffed as by
// Decode otherwise. Positions in errors use path as given.
func ReadFile(path string) (*Network, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("network: %w", err)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return decodeBytes(data, path, JSON)
	case ".yaml", ".yml":
		return decodeBytes(data, path, YAML)
	}
	if isJSON(data) {
		return decodeBytes(data, path, JSON)
	}
	return decodeBytes(data, path, YAML)
}

var utf8BOM = []byte("\xEF\xBB\xBF")

func isJSON(data []byte) bool {
	data = bytes.TrimPrefix(data, utf8BOM)
	data = bytes.TrimLeft(data, " \t\r\n")
	return len(data) > 0 && data[0] == '{'
}

func decodeBytes(data []byte, file string, f Format) (*Network, error) {
	var (
		root *value
		fe   *FieldError
	)
	if f == JSON {
		root, fe = parseJSON(data, file)
	} else {
		root, fe = parseYAML(data, file)
	}
	if fe != nil {
		return nil, &invalidError{errs: []error{fe}}
	}
	d := &docDecoder{file: file}
	b := d.document(root)
	if d.fatal {
		return nil, d.p.err()
	}
	net, err := b.Build()
	if err == nil && len(d.p.list) == 0 {
		return net, nil
	}
	all := d.p.list
	for _, p := range Problems(err) {
		// Elements read from the file carry their position; the few
		// network-wide checks of Build do not, so point them at the file.
		if p.Pos.File == "" {
			p.Pos = Pos{File: file, Line: root.line}
		}
		// An element with a field that did not decode has a zero value
		// there; Build's view of it would only mislead.
		if d.bad[elemKey{p.Element, p.ID, p.Pos.Line}] {
			continue
		}
		all = append(all, p)
	}
	slices.SortStableFunc(all, func(a, b error) int {
		return a.(*FieldError).Pos.Line - b.(*FieldError).Pos.Line
	})
	return nil, &invalidError{errs: all}
}

// ---------------------------------------------------------------------------
// A small document tree with line numbers, built by a JSON parser or from a
// yaml.Node, so that both encodings share one decoder.

type vkind uint8

const (
	vNull vkind = iota
	vBool
	vNumber
	vString
	vMap
	vList
)

type value struct {
	kind  vkind
	line  int
	text  string  // scalar text: the string, the number as written, "true"
	num   float64 // vNumber
	big   bool    // vNumber out of the float64 range
	b     bool    // vBool
	loose bool    // a plain YAML scalar whose text may stand for a string
	items []*value
	keys  []entry
}

type entry struct {
	key  string
	line int
	val  *value
}

// describe names the kind of v for messages.
func (v *value) describe() string {
	switch v.kind {
	case vNull:
		return "null"
	case vBool:
		return "a boolean"
	case vNumber:
		return "a number"
	case vString:
		return fmt.Sprintf("a string %q", v.text)
	case vMap:
		return "a mapping"
	}
	return "a list"
}

// lineAt returns the 1-based line of the byte at offset off of data.
func lineAt(data []byte, off int64) int {
	off = max(0, min(off, int64(len(data))))
	return 1 + bytes.Count(data[:off], []byte{'\n'})
}

// errJSON marks a syntax error met by jsonParser; the message comes from
// encoding/json, which validates the whole document.
var errJSON = errors.New("JSON syntax error")

// jsonParser is a recursive-descent JSON parser that records the line of
// every value. It accepts exactly the JSON grammar; strings with escapes or
// non-ASCII bytes are decoded by encoding/json, so text comes out exactly
// as encoding/json would give it.
type jsonParser struct {
	data  []byte
	pos   int
	line  int
	depth int
	file  string
}

func parseJSON(data []byte, file string) (*value, *FieldError) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &FieldError{Pos: Pos{File: file, Line: 1}, Element: "network", Msg: "empty document"}
	}
	p := &jsonParser{data: data, line: 1, file: file}
	v, err := p.value()
	if err == nil {
		p.space()
		if p.pos < len(p.data) {
			err = errJSON
		}
	}
	if err != nil {
		if err == errJSON {
			return nil, p.syntax()
		}
		return nil, &FieldError{Pos: Pos{File: file, Line: p.line}, Element: "network", Msg: err.Error()}
	}
	return v, nil
}

// syntax describes the first syntax error of the document.
func (p *jsonParser) syntax() *FieldError {
	var se *json.SyntaxError
	if errors.As(json.Unmarshal(p.data, new(any)), &se) {
		return &FieldError{Pos: Pos{File: p.file, Line: lineAt(p.data, se.Offset-1)}, Element: "network", Msg: "JSON syntax error: " + se.Error()}
	}
	return &FieldError{Pos: Pos{File: p.file, Line: p.line}, Element: "network", Msg: fmt.Sprintf("JSON syntax error at byte %d", p.pos)}
}

// space skips white space, counting lines.
func (p *jsonParser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case '\n':
			p.line++
		case ' ', '\t', '\r':
		default:
			return
		}
		p.pos++
	}
}

func (p *jsonParser) value() (*value, error) {
	p.space()
	if p.pos >= len(p.data) {
		return nil, errJSON
	}
	line := p.line
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, err := p.string()
		if err != nil {
			return nil, err
		}
		return &value{kind: vString, line: line, text: s}, nil
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't' && bytes.HasPrefix(p.data[p.pos:], []byte("true")):
		p.pos += 4
		return &value{kind: vBool, line: line, text: "true", b: true}, nil
	case c == 'f' && bytes.HasPrefix(p.data[p.pos:], []byte("false")):
		p.pos += 5
		return &value{kind: vBool, line: line, text: "false"}, nil
	case c == 'n' && bytes.HasPrefix(p.data[p.pos:], []byte("null")):
		p.pos += 4
		return &value{kind: vNull, line: line, text: "null"}, nil
	}
	return nil, errJSON
}

func (p *jsonParser) enter() error {
	p.depth++
	if p.depth > maxDepth {
		return fmt.Errorf("nesting deeper than %d levels", maxDepth)
	}
	return nil
}

func (p *jsonParser) object() (*value, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	v := &value{kind: vMap, line: p.line}
	p.pos++ // '{'
	p.space()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return v, nil
	}
	for {
		p.space()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, errJSON
		}
		kline := p.line
		key, err := p.string()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, errJSON
		}
		p.pos++
		child, err := p.value()
		if err != nil {
			return nil, err
		}
		v.keys = append(v.keys, entry{key: key, line: kline, val: child})
		p.space()
		if p.pos >= len(p.data) {
			return nil, errJSON
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return v, nil
		default:
			return nil, errJSON
		}
	}
}

func (p *jsonParser) array() (*value, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	v := &value{kind: vList, line: p.line}
	p.pos++ // '['
	p.space()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return v, nil
	}
	for {
		child, err := p.value()
		if err != nil {
			return nil, err
		}
		v.items = append(v.items, child)
		p.space()
		if p.pos >= len(p.data) {
			return nil, errJSON
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return v, nil
		default:
			return nil, errJSON
		}
	}
}

// string reads a JSON string starting at its opening quote.
func (p *jsonParser) string() (string, error) {
	start := p.pos
	p.pos++
	simple := true
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			if simple {
				return string(p.data[start+1 : p.pos-1]), nil
			}
			var s string
			if err := json.Unmarshal(p.data[start:p.pos], &s); err != nil {
				return "", errJSON
			}
			return s, nil
		case c == '\\':
			simple = false
			p.pos += 2
			continue
		case c < 0x20:
			return "", errJSON
		case c >= 0x80:
			simple = false
		}
		p.pos++
	}
	return "", errJSON
}

// number reads a JSON number.
func (p *jsonParser) number() (*value, error) {
	start, d := p.pos, p.data
	digits := func() int {
		n := 0
		for p.pos < len(d) && d[p.pos] >= '0' && d[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	if d[p.pos] == '-' {
		p.pos++
	}
	switch {
	case p.pos < len(d) && d[p.pos] == '0':
		p.pos++
	case digits() == 0:
		return nil, errJSON
	}
	if p.pos < len(d) && d[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			return nil, errJSON
		}
	}
	if p.pos < len(d) && (d[p.pos] == 'e' || d[p.pos] == 'E') {
		p.pos++
		if p.pos < len(d) && (d[p.pos] == '+' || d[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return nil, errJSON
		}
	}
	text := string(d[start:p.pos])
	v := &value{kind: vNumber, line: p.line, text: text}
	f, err := strconv.ParseFloat(text, 64)
	v.num, v.big = f, err != nil
	return v, nil
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func parseYAML(data []byte, file string) (root *value, fe *FieldError) {
	// The YAML parser reports malformed input as errors; this guards the
	// promise that no input makes Decode panic.
	defer func() {
		if r := recover(); r != nil {
			root, fe = nil, &FieldError{Pos: Pos{File: file}, Element: "network", Msg: fmt.Sprintf("cannot parse YAML: %v", r)}
		}
	}()
	syntax := func(err error) *FieldError {
		msg := err.Error()
		line := 0
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		return &FieldError{Pos: Pos{File: file, Line: line}, Element: "network", Msg: "YAML syntax error: " + msg}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, &FieldError{Pos: Pos{File: file, Line: 1}, Element: "network", Msg: "empty document"}
		}
		return nil, syntax(err)
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == io.EOF:
	case err != nil:
		return nil, syntax(err)
	default:
		return nil, &FieldError{Pos: Pos{File: file, Line: extra.Line}, Element: "network", Msg: "more than one YAML document"}
	}
	top := &doc
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return nil, &FieldError{Pos: Pos{File: file, Line: 1}, Element: "network", Msg: "empty document"}
		}
		top = doc.Content[0]
	}
	c := &yamlConv{file: file, budget: 4*len(data) + 1024}
	return c.conv(top, 0)
}

type yamlConv struct {
	file      string
	budget    int // values left to create; bounds the expansion of aliases
	aliasLine int // line of the outermost alias being expanded, 0 if none
}

func (c *yamlConv) fail(line int, format string, args ...any) *FieldError {
	return &FieldError{Pos: Pos{File: c.file, Line: line}, Element: "network", Msg: fmt.Sprintf(format, args...)}
}

func (c *yamlConv) conv(n *yaml.Node, depth int) (*value, *FieldError) {
	if depth >= maxDepth {
		return nil, c.fail(n.Line, "nesting deeper than %d levels", maxDepth)
	}
	c.budget--
	if c.budget < 0 {
		return nil, c.fail(c.aliasLine, "aliases expand to too large a document")
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, c.fail(n.Line, "unknown alias %q", n.Value)
		}
		if c.aliasLine == 0 {
			c.aliasLine = n.Line
			defer func() { c.aliasLine = 0 }()
		}
		v, fe := c.conv(n.Alias, depth+1)
		if fe != nil {
			return nil, fe
		}
		cp := *v
		cp.line = n.Line
		return &cp, nil
	case yaml.ScalarNode:
		return c.scalar(n), nil
	case yaml.MappingNode:
		v := &value{kind: vMap, line: n.Line}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind == yaml.AliasNode && k.Alias != nil {
				k = k.Alias
			}
			if k.Kind != yaml.ScalarNode {
				return nil, c.fail(n.Content[i].Line, "a mapping key must be a scalar")
			}
			child, fe := c.conv(n.Content[i+1], depth+1)
			if fe != nil {
				return nil, fe
			}
			v.keys = append(v.keys, entry{key: k.Value, line: n.Content[i].Line, val: child})
		}
		return v, nil
	case yaml.SequenceNode:
		v := &value{kind: vList, line: n.Line}
		for _, item := range n.Content {
			child, fe := c.conv(item, depth+1)
			if fe != nil {
				return nil, fe
			}
			v.items = append(v.items, child)
		}
		return v, nil
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return &value{kind: vNull, line: n.Line}, nil
		}
		return c.conv(n.Content[0], depth+1)
	}
	return nil, c.fail(n.Line, "unexpected YAML node")
}

func (c *yamlConv) scalar(n *yaml.Node) *value {
	v := &value{kind: vString, line: n.Line, text: n.Value}
	switch n.ShortTag() {
	case "!!null":
		v.kind = vNull
	case "!!bool":
		if err := n.Decode(&v.b); err == nil {
			v.kind, v.loose = vBool, true
		}
	case "!!int", "!!float":
		v.kind, v.loose = vNumber, true
		if err := n.Decode(&v.num); err != nil {
			v.big = true
		}
	case "!!binary":
		var s string
		if err := n.Decode(&s); err == nil {
			v.text = s
		}
	default:
		// !!str, !!timestamp and unknown tags: the text as written.
		v.loose = n.ShortTag() != "!!str"
	}
	return v
}

// ---------------------------------------------------------------------------
// The document decoder.

// docDecoder decodes a document tree. Problems with a field of a zone, node
// or link other than its ID leave the element usable: the network is still
// validated, and the validation problems of the other elements are reported
// too. Any other problem is fatal: only decoding problems are reported.
type docDecoder struct {
	file  string
	p     problems
	fatal bool
	bad   map[elemKey]bool // elements with a field that did not decode
}

// elemKey identifies an element in the problems of Build.
type elemKey struct {
	elem, id string
	line     int
}

// ctx names the element being decoded, for messages.
type ctx struct {
	elem, id string
	line     int  // the element's line
	soft     bool // a problem with a field other than the ID is not fatal
}

func (d *docDecoder) fail(line int, c ctx, field, format string, args ...any) {
	d.p.add(Pos{File: d.file, Line: line}, c.elem, c.id, field, format, args...)
	if c.soft && field != "" && field != "id" {
		if d.bad == nil {
			d.bad = make(map[elemKey]bool)
		}
		d.bad[elemKey{c.elem, c.id, c.line}] = true
		return
	}
	d.fatal = true
}

// entries returns the entries of the mapping v, reporting repeated keys
// (only the first of each is kept), or reports that v is not a mapping.
func (d *docDecoder) entries(v *value, c ctx, field string) ([]entry, bool) {
	if v.kind != vMap {
		d.fail(v.line, c, field, "want a mapping, got %s", v.describe())
		return nil, false
	}
	seen := make(map[string]int, len(v.keys))
	out := make([]entry, 0, len(v.keys))
	for _, e := range v.keys {
		if first, dup := seen[e.key]; dup {
			name := e.key
			if field != "" {
				name = field + "." + e.key
			}
			d.fail(e.line, c, name, "repeated key (first at line %d)", first)
			continue
		}
		seen[e.key] = e.line
		out = append(out, e)
	}
	return out, true
}

// unknown reports an unknown key, suggesting a near known one.
func (d *docDecoder) unknown(e entry, c ctx, prefix string, known []string) {
	name := e.key
	if prefix != "" {
		name = prefix + "." + e.key
	}
	if s := suggest(e.key, known); s != "" {
		d.fail(e.line, c, name, "unknown field (did you mean %q?)", s)
		return
	}
	d.fail(e.line, c, name, "unknown field (want one of %s)", strings.Join(known, ", "))
}

// suggest returns the known name closest to s within an edit distance of 2
// and of less than half the length of s, or "".
func suggest(s string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if dist := editDistance(strings.ToLower(s), k); dist < bestD && 2*dist < len(s) {
			best, bestD = k, dist
		}
	}
	return best
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of adjacent bytes cost 1.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	rows := [3][]int{make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)}
	for j := range rows[0] {
		rows[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		pp, prev, cur := rows[(i+1)%3], rows[(i+2)%3], rows[i%3]
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], pp[j-2]+1)
			}
		}
	}
	return rows[len(a)%3][len(b)]
}

func (d *docDecoder) str(v *value, c ctx, field string) string {
	switch {
	case v.kind == vString, v.loose:
		if !utf8.ValidString(v.text) {
			d.fail(v.line, c, field, "not valid UTF-8 text")
			return ""
		}
		return v.text
	case v.kind == vNull:
		return ""
	}
	d.fail(v.line, c, field, "want a string, got %s", v.describe())
	return ""
}

func (d *docDecoder) number(v *value, c ctx, field string) (float64, bool) {
	switch v.kind {
	case vNumber:
		if v.big {
			d.fail(v.line, c, field, "number %s out of range", v.text)
			return 0, false
		}
		return v.num, true
	case vNull:
		return 0, true
	case vString:
		d.fail(v.line, c, field, "not a number %q", v.text)
		return 0, false
	}
	d.fail(v.line, c, field, "want a number, got %s", v.describe())
	return 0, false
}

// quantity decodes a capacity or rate: a number, null (0) or "unlimited"
// (+Inf).
func (d *docDecoder) quantity(v *value, c ctx, field string) float64 {
	if v.kind == vString {
		if v.text == "unlimited" {
			return Unlimited
		}
		d.fail(v.line, c, field, "not a number %q", v.text)
		return 0
	}
	f, _ := d.number(v, c, field)
	return f
}

// integer decodes a whole number.
func (d *docDecoder) integer(v *value, c ctx, field string) (int, bool) {
	f, ok := d.number(v, c, field)
	if !ok {
		return 0, false
	}
	if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		d.fail(v.line, c, field, "not a whole number %s", v.text)
		return 0, false
	}
	return int(f), true
}

func (d *docDecoder) boolean(v *value, c ctx, field string) bool {
	switch v.kind {
	case vBool:
		return v.b
	case vNull:
		return false
	}
	d.fail(v.line, c, field, "want true or false, got %s", v.describe())
	return false
}

// decimal decodes an exact decimal number, given as a number or a string.
// Its magnitude is bounded (below 1e100, no finer than 1e-100) so that it
// always has a short decimal text.
func (d *docDecoder) decimal(v *value, c ctx, field string) decimal.Decimal {
	switch v.kind {
	case vNull:
		return decimal.Zero
	case vNumber, vString:
		x, err := decimal.NewFromString(v.text)
		switch {
		case err != nil:
			d.fail(v.line, c, field, "not a decimal number %q", v.text)
		case x.Exponent() < -100 || (!x.IsZero() && int64(x.NumDigits())+int64(x.Exponent()) > 100):
			d.fail(v.line, c, field, "decimal number %s out of range", v.text)
		default:
			return x
		}
		return decimal.Zero
	}
	d.fail(v.line, c, field, "want a decimal number, got %s", v.describe())
	return decimal.Zero
}

// attrs decodes a string→string mapping; an empty one is nil.
func (d *docDecoder) attrs(v *value, c ctx) map[string]string {
	if v.kind == vNull {
		return nil
	}
	es, ok := d.entries(v, c, "attrs")
	if !ok || len(es) == 0 {
		return nil
	}
	m := make(map[string]string, len(es))
	for _, e := range es {
		if e.val.kind != vString && !e.val.loose {
			d.fail(e.val.line, c, "attrs."+e.key, "want a string, got %s", e.val.describe())
			continue
		}
		m[e.key] = d.str(e.val, c, "attrs."+e.key)
	}
	return m
}

func (d *docDecoder) coord(v *value, c ctx) *Coord {
	if v.kind == vNull {
		return nil
	}
	es, ok := d.entries(v, c, "coord")
	if !ok {
		return nil
	}
	var (
		xy           Coord
		haveX, haveY bool
	)
	for _, e := range es {
		switch e.key {
		case "x":
			xy.X, _ = d.number(e.val, c, "coord.x")
			haveX = true
		case "y":
			xy.Y, _ = d.number(e.val, c, "coord.y")
			haveY = true
		default:
			d.unknown(e, c, "coord", []string{"x", "y"})
		}
	}
	if !haveX {
		d.fail(v.line, c, "coord.x", "missing")
	}
	if !haveY {
		d.fail(v.line, c, "coord.y", "missing")
	}
	return &xy
}

// list returns the items of a list field; null is an empty list.
func (d *docDecoder) list(v *value, c ctx, field string) []*value {
	switch v.kind {
	case vList:
		return v.items
	case vNull:
		return nil
	}
	d.fail(v.line, c, field, "want a list, got %s", v.describe())
	return nil
}

// elemID reads the identifying field of an element without reporting
// anything, so that messages about its other fields can name it.
func elemID(v *value, key string) string {
	if v.kind != vMap {
		return ""
	}
	for _, e := range v.keys {
		if e.key == key && (e.val.kind == vString || e.val.loose) {
			return e.val.text
		}
	}
	return ""
}

var (
	docKeys   = []string{"format", "version", "name", "kind", "classes", "zones", "nodes", "links"}
	classKeys = []string{"name", "rank", "voll", "description"}
	zoneKeys  = []string{"id", "name", "attrs"}
	nodeKeys  = []string{"id", "role", "zone", "capacity", "demand", "class", "customers", "area", "level", "max_level", "charge_rate", "needs_operators", "coord", "attrs"}
	linkKeys  = []string{"id", "from", "to", "zone", "capacity", "oneway", "loss", "attrs"}
)

// document decodes the top level into a Builder. Problems are left in d.p.
func (d *docDecoder) document(root *value) *Builder {
	c := ctx{elem: "network", id: elemID(root, "name")}
	es, ok := d.entries(root, c, "")
	if !ok {
		return nil
	}
	var (
		kind                  Kind
		haveVersion, haveKind bool
		name                  string
		classes               []Class
		classesSet            bool
		zones, nodes, links   []*value
	)
	for _, e := range es {
		v := e.val
		switch e.key {
		case "format":
			switch {
			case v.kind != vString:
				d.fail(v.line, c, e.key, "want the string %q, got %s", docFormat, v.describe())
			case v.text != docFormat:
				d.fail(v.line, c, e.key, "unknown format %q (want %q)", v.text, docFormat)
			}
		case "version":
			haveVersion = true
			switch {
			case v.kind != vNumber:
				d.fail(v.line, c, e.key, "want the number %d, got %s", docVersion, v.describe())
			case v.big || v.num != docVersion:
				d.fail(v.line, c, e.key, "unsupported version %s (the supported version is %d)", v.text, docVersion)
			}
		case "name":
			name = d.str(v, c, e.key)
		case "kind":
			haveKind = true
			switch k, err := ParseKind(v.text); {
			case v.kind != vString && !v.loose:
				d.fail(v.line, c, e.key, "want a string, got %s", v.describe())
			case err != nil:
				d.fail(v.line, c, e.key, "unknown kind %q (want power, heat, water or gas)", v.text)
			default:
				kind = k
			}
		case "classes":
			if v.kind == vNull {
				continue
			}
			classesSet = true
			classes = d.classes(v, c)
		case "zones":
			zones = d.list(v, c, e.key)
		case "nodes":
			nodes = d.list(v, c, e.key)
		case "links":
			links = d.list(v, c, e.key)
		default:
			d.unknown(e, c, "", docKeys)
		}
	}
	if !haveVersion {
		d.fail(root.line, c, "version", "missing (the supported version is %d)", docVersion)
	}
	if !haveKind {
		d.fail(root.line, c, "kind", "missing (want power, heat, water or gas)")
	}
	b := NewBuilder(kind)
	b.SetName(name)
	if classesSet {
		b.SetClasses(classes)
	}
	for _, v := range zones {
		b.AddZone(d.zone(v))
	}
	for _, v := range nodes {
		b.AddNode(d.node(v))
	}
	for _, v := range links {
		b.AddLink(d.link(v))
	}
	return b
}

// classes decodes and checks the class list: Class has no position, so the
// checks that Build would make are made here, where the lines are known.
func (d *docDecoder) classes(v *value, c ctx) []Class {
	items := d.list(v, c, "classes")
	if v.kind == vList && len(items) == 0 {
		d.fail(v.line, c, "classes", "no classes (omit the field for the default classes)")
	}
	out := make([]Class, 0, len(items))
	seen := make(map[string]int, len(items))
	for _, item := range items {
		cc := ctx{elem: "class", id: elemID(item, "name")}
		es, ok := d.entries(item, cc, "")
		if !ok {
			continue
		}
		var cl Class
		for _, e := range es {
			switch e.key {
			case "name":
				cl.Name = d.str(e.val, cc, e.key)
			case "rank":
				cl.Rank, _ = d.integer(e.val, cc, e.key)
			case "voll":
				cl.VoLL = d.decimal(e.val, cc, e.key)
				if cl.VoLL.IsNegative() {
					d.fail(e.val.line, cc, e.key, "negative value of lost load %s", cl.VoLL)
				}
			case "description":
				cl.Description = d.str(e.val, cc, e.key)
			default:
				d.unknown(e, cc, "", classKeys)
			}
		}
		switch first, dup := seen[cl.Name]; {
		case strings.TrimSpace(cl.Name) == "":
			d.fail(item.line, cc, "name", "empty name")
		case dup:
			d.fail(item.line, cc, "name", "duplicate class (first at line %d)", first)
		default:
			seen[cl.Name] = item.line
		}
		out = append(out, cl)
	}
	return out
}

func (d *docDecoder) zone(v *value) Zone {
	z := Zone{ID: elemID(v, "id"), Pos: Pos{File: d.file, Line: v.line}}
	c := ctx{elem: "zone", id: z.ID, line: v.line, soft: true}
	es, _ := d.entries(v, c, "")
	for _, e := range es {
		switch e.key {
		case "id":
			z.ID = d.str(e.val, c, e.key)
		case "name":
			z.Name = d.str(e.val, c, e.key)
		case "attrs":
			z.Attrs = d.attrs(e.val, c)
		default:
			d.unknown(e, c, "", zoneKeys)
		}
	}
	return z
}

func (d *docDecoder) node(v *value) Node {
	n := Node{ID: elemID(v, "id"), Pos: Pos{File: d.file, Line: v.line}}
	c := ctx{elem: "node", id: n.ID, line: v.line, soft: true}
	es, _ := d.entries(v, c, "")
	for _, e := range es {
		f := e.key
		switch f {
		case "id":
			n.ID = d.str(e.val, c, f)
		case "role":
			n.Role = Role(d.str(e.val, c, f))
		case "zone":
			n.Zone = d.str(e.val, c, f)
		case "capacity":
			n.Capacity = d.quantity(e.val, c, f)
		case "demand":
			n.Demand, _ = d.number(e.val, c, f)
		case "class":
			n.Class = d.str(e.val, c, f)
		case "customers":
			n.Customers, _ = d.integer(e.val, c, f)
		case "area":
			n.Area, _ = d.number(e.val, c, f)
		case "level":
			n.Level, _ = d.number(e.val, c, f)
		case "max_level":
			n.MaxLevel, _ = d.number(e.val, c, f)
		case "charge_rate":
			n.ChargeRate = d.quantity(e.val, c, f)
		case "needs_operators":
			n.NeedsOperators = d.boolean(e.val, c, f)
		case "coord":
			n.Coord = d.coord(e.val, c)
		case "attrs":
			n.Attrs = d.attrs(e.val, c)
		default:
			d.unknown(e, c, "", nodeKeys)
		}
	}
	return n
}

func (d *docDecoder) link(v *value) Link {
	l := Link{ID: elemID(v, "id"), Pos: Pos{File: d.file, Line: v.line}}
	c := ctx{elem: "link", id: l.ID, line: v.line, soft: true}
	es, _ := d.entries(v, c, "")
	for _, e := range es {
		f := e.key
		switch f {
		case "id":
			l.ID = d.str(e.val, c, f)
		case "from":
			l.From = d.str(e.val, c, f)
		case "to":
			l.To = d.str(e.val, c, f)
		case "zone":
			l.Zone = d.str(e.val, c, f)
		case "capacity":
			l.Capacity = d.quantity(e.val, c, f)
		case "oneway":
			l.OneWay = d.boolean(e.val, c, f)
		case "loss":
			l.Loss, _ = d.number(e.val, c, f)
		case "attrs":
			l.Attrs = d.attrs(e.val, c)
		default:
			d.unknown(e, c, "", linkKeys)
		}
	}
	return l
}

// ---------------------------------------------------------------------------
// Encoding.

// The encoded document. Field order is the order of the keys in the output.
type docOut struct {
	Name    string
	Kind    Kind
	Classes []classOut
	Zones   []zoneOut
	Nodes   []nodeOut
	Links   []linkOut
}

type classOut struct {
	Name        string `json:"name"`
	Rank        int    `json:"rank"`
	VoLL        string `json:"voll"`
	Description string `json:"description,omitempty"`
}

type zoneOut struct {
	ID    string            `json:"id"`
	Name  string            `json:"name,omitempty"`
	Attrs map[string]string `json:"attrs,omitempty"`
}

type nodeOut struct {
	ID             string            `json:"id"`
	Role           Role              `json:"role"`
	Zone           string            `json:"zone,omitempty"`
	Capacity       any               `json:"capacity,omitempty"`
	Demand         float64           `json:"demand,omitempty"`
	Class          string            `json:"class,omitempty"`
	Customers      int               `json:"customers,omitempty"`
	Area           float64           `json:"area,omitempty"`
	Level          float64           `json:"level,omitempty"`
	MaxLevel       float64           `json:"max_level,omitempty"`
	ChargeRate     any               `json:"charge_rate,omitempty"`
	NeedsOperators bool              `json:"needs_operators,omitempty"`
	Coord          *Coord            `json:"coord,omitempty"`
	Attrs          map[string]string `json:"attrs,omitempty"`
}

type linkOut struct {
	ID       string            `json:"id"`
	From     string            `json:"from"`
	To       string            `json:"to"`
	Zone     string            `json:"zone,omitempty"`
	Capacity any               `json:"capacity,omitempty"`
	OneWay   bool              `json:"oneway,omitempty"`
	Loss     float64           `json:"loss,omitempty"`
	Attrs    map[string]string `json:"attrs,omitempty"`
}

// quantityOut writes 0 as nothing and +Inf as "unlimited".
func quantityOut(v float64) any {
	switch {
	case v == 0:
		return nil
	case math.IsInf(v, 1):
		return "unlimited"
	}
	return v
}

func attrsOut(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return m
}

func defaultClasses(cs []Class) bool {
	def := DefaultClasses()
	if len(cs) != len(def) {
		return false
	}
	for i, c := range cs {
		d := def[i]
		if c.Name != d.Name || c.Rank != d.Rank || !c.VoLL.Equal(d.VoLL) || c.Description != d.Description {
			return false
		}
	}
	return true
}

func document(n *Network) *docOut {
	doc := &docOut{
		Name:  n.name,
		Kind:  n.kind,
		Nodes: make([]nodeOut, len(n.nodes)),
		Links: make([]linkOut, len(n.links)),
	}
	if !defaultClasses(n.classes) {
		for _, c := range n.classes {
			doc.Classes = append(doc.Classes, classOut{Name: c.Name, Rank: c.Rank, VoLL: c.VoLL.String(), Description: c.Description})
		}
	}
	for _, z := range n.zones {
		doc.Zones = append(doc.Zones, zoneOut{ID: z.ID, Name: z.Name, Attrs: attrsOut(z.Attrs)})
	}
	for i, nd := range n.nodes {
		doc.Nodes[i] = nodeOut{
			ID:             nd.ID,
			Role:           nd.Role,
			Zone:           nd.Zone,
			Capacity:       quantityOut(nd.Capacity),
			Demand:         nd.Demand,
			Class:          nd.Class,
			Customers:      nd.Customers,
			Area:           nd.Area,
			Level:          nd.Level,
			MaxLevel:       nd.MaxLevel,
			ChargeRate:     quantityOut(nd.ChargeRate),
			NeedsOperators: nd.NeedsOperators,
			Coord:          nd.Coord,
			Attrs:          attrsOut(nd.Attrs),
		}
	}
	for i, l := range n.links {
		doc.Links[i] = linkOut{
			ID:       l.ID,
			From:     l.From,
			To:       l.To,
			Zone:     l.Zone,
			Capacity: quantityOut(l.Capacity),
			OneWay:   l.OneWay,
			Loss:     l.Loss,
			Attrs:    attrsOut(l.Attrs),
		}
	}
	return doc
}

// Encode writes n to w as one network document in format f, such that
// Decode reads back an equal network: the same name, kind, classes, zones,
// nodes and links in the same order with the same values and attributes
// (positions aside). The output is deterministic: keys come in a fixed
// order, attributes sorted by key, one element per line (a JSON object or a
// YAML flow mapping). Zero values are omitted, a capacity or charge rate of
// 0 too (it reads back as 0), and +Inf is written as "unlimited". Classes
// are written only when they differ from DefaultClasses.
//
// Encode returns an error for a nil network, an unknown format, or a failed
// write. It runs in time linear in the size of the output.
func Encode(w io.Writer, n *Network, f Format) error {
	if n == nil {
		return errors.New("network: Encode: nil network")
	}
	if f != JSON && f != YAML {
		return fmt.Errorf("network: Encode: unknown format %v", f)
	}
	var buf bytes.Buffer
	if err := writeDoc(&buf, document(n), f); err != nil {
		return fmt.Errorf("network: Encode: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// jsonText returns the compact JSON text of v without HTML escaping.
func jsonText(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// writeDoc writes the document with one top-level field, and one element
// of each list, per line. Each element is encoded as JSON; for YAML that
// JSON is rewritten as a flow mapping.
func writeDoc(buf *bytes.Buffer, doc *docOut, f Format) error {
	var fields []string
	scalar := func(key string, v any) error {
		s, err := jsonText(v)
		if err != nil {
			return err
		}
		if f == YAML {
			if s, err = yamlFlow(s); err != nil {
				return err
			}
			fields = append(fields, key+": "+s)
			return nil
		}
		fields = append(fields, fmt.Sprintf("  %q: %s", key, s))
		return nil
	}
	list := func(key string, n int, item func(i int) any, always bool) error {
		if n == 0 {
			if !always {
				return nil
			}
			if f == JSON {
				fields = append(fields, fmt.Sprintf("  %q: []", key))
			} else {
				fields = append(fields, key+": []")
			}
			return nil
		}
		var b strings.Builder
		if f == JSON {
			fmt.Fprintf(&b, "  %q: [\n", key)
		} else {
			b.WriteString(key + ":\n")
		}
		for i := range n {
			s, err := jsonText(item(i))
			if err != nil {
				return err
			}
			if f == JSON {
				b.WriteString("    ")
				b.WriteString(s)
				if i < n-1 {
					b.WriteByte(',')
				}
			} else {
				if s, err = yamlFlow(s); err != nil {
					return err
				}
				b.WriteString("  - ")
				b.WriteString(s)
			}
			if i < n-1 {
				b.WriteByte('\n')
			}
		}
		if f == JSON {
			b.WriteString("\n  ]")
		}
		fields = append(fields, b.String())
		return nil
	}
	errs := []error{
		scalar("format", docFormat),
		scalar("version", docVersion),
	}
	if doc.Name != "" {
		errs = append(errs, scalar("name", doc.Name))
	}
	errs = append(errs,
		scalar("kind", doc.Kind),
		list("classes", len(doc.Classes), func(i int) any { return doc.Classes[i] }, false),
		list("zones", len(doc.Zones), func(i int) any { return doc.Zones[i] }, false),
		list("nodes", len(doc.Nodes), func(i int) any { return doc.Nodes[i] }, true),
		list("links", len(doc.Links), func(i int) any { return doc.Links[i] }, true),
	)
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if f == JSON {
		buf.WriteString("{\n")
		buf.WriteString(strings.Join(fields, ",\n"))
		buf.WriteString("\n}\n")
		return nil
	}
	buf.WriteString(strings.Join(fields, "\n"))
	buf.WriteString("\n")
	return nil
}

// yamlFlow rewrites JSON text in YAML flow style. JSON numbers, booleans
// and null are valid YAML as they are.
func yamlFlow(text string) (string, error) {
	v, fe := parseJSON([]byte(text), "")
	if fe != nil {
		return "", fe
	}
	var b strings.Builder
	var walk func(v *value)
	walk = func(v *value) {
		switch v.kind {
		case vString:
			b.WriteString(yamlString(v.text))
		case vMap:
			b.WriteByte('{')
			for i, e := range v.keys {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(yamlString(e.key))
				b.WriteString(": ")
				walk(e.val)
			}
			b.WriteByte('}')
		case vList:
			b.WriteByte('[')
			for i, x := range v.items {
				if i > 0 {
					b.WriteString(", ")
				}
				walk(x)
			}
			b.WriteByte(']')
		default:
			b.WriteString(v.text)
		}
	}
	walk(v)
	return b.String(), nil
}

// yamlReserved are plain words YAML 1.1 or 1.2 read as booleans or null.
var yamlReserved = map[string]bool{
	"true": true, "false": true, "yes": true, "no": true, "on": true, "off": true,
	"y": true, "n": true, "null": true,
}

// yamlString writes s as a plain YAML scalar when that is safe (words of
// letters, digits and _ - . / separated by single spaces, starting with a
// letter, not a reserved word), double-quoted otherwise.
func yamlString(s string) string {
	if yamlPlain(s) {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0) || r == 0x2028 || r == 0x2029 || r == 0xFEFF || r == 0xFFFE || r == 0xFFFF:
			// Not printable in YAML, or a line break inside quotes.
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func yamlPlain(s string) bool {
	if s == "" || yamlReserved[strings.ToLower(s)] {
		return false
	}
	prevSpace := true
	for i, r := range s {
		switch {
		case r == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		case i == 0 && !unicode.IsLetter(r):
			return false
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-./", r)):
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		default:
			return false
		}
		prevSpace = false
	}
	return !prevSpace
}
