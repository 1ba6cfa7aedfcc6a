// Package schemacheck checks JSON documents against the subset of JSON
// Schema (draft 2020-12) that the project's schemas use — type (one or a
// list), const, enum, pattern, required, properties, additionalProperties
// (false or a schema), items and $ref to #/$defs — and that a Markdown
// page names every key a document holds. It is for tests.
package schemacheck

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Schema is a parsed JSON Schema.
type Schema struct {
	root map[string]any
}

// Parse reads a schema.
func Parse(data []byte) (*Schema, error) {
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("schemacheck: %w", err)
	}
	return &Schema{root: root}, nil
}

// Check returns every way in which the JSON document data breaks the
// schema, each as "path: problem", sorted; none if it conforms. Objects
// are strict where the schema says additionalProperties: false.
func (s *Schema) Check(data []byte) ([]string, error) {
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("schemacheck: %w", err)
	}
	v := &validator{root: s.root}
	v.check("$", s.root, doc)
	sort.Strings(v.problems)
	return v.problems, nil
}

type validator struct {
	root     map[string]any
	problems []string
}

func (v *validator) fail(path, format string, args ...any) {
	v.problems = append(v.problems, path+": "+fmt.Sprintf(format, args...))
}

func (v *validator) check(path string, s map[string]any, doc any) {
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/$defs/")
		defs, _ := v.root["$defs"].(map[string]any)
		d, ok := defs[name].(map[string]any)
		if !ok {
			v.fail(path, "schema has no $defs/%s", name)
			return
		}
		s = d
	}
	if c, ok := s["const"]; ok && !reflect.DeepEqual(c, doc) {
		v.fail(path, "%v, want %v", doc, c)
	}
	if e, ok := s["enum"].([]any); ok && !slices.Contains(e, doc) {
		v.fail(path, "%v not in %v", doc, e)
	}
	var types []string
	switch t := s["type"].(type) {
	case string:
		types = []string{t}
	case []any:
		for _, x := range t {
			if str, ok := x.(string); ok {
				types = append(types, str)
			}
		}
	}
	if len(types) == 0 {
		return
	}
	for _, t := range types {
		if is(t, doc) {
			v.inside(path, t, s, doc)
			return
		}
	}
	v.fail(path, "not %s", strings.Join(types, " or "))
}

// is reports whether doc has JSON type t.
func is(t string, doc any) bool {
	switch t {
	case "object":
		_, ok := doc.(map[string]any)
		return ok
	case "array":
		_, ok := doc.([]any)
		return ok
	case "string":
		_, ok := doc.(string)
		return ok
	case "number":
		_, ok := doc.(float64)
		return ok
	case "integer":
		f, ok := doc.(float64)
		return ok && f == math.Trunc(f)
	case "boolean":
		_, ok := doc.(bool)
		return ok
	case "null":
		return doc == nil
	}
	return false
}

func (v *validator) inside(path, t string, s map[string]any, doc any) {
	switch t {
	case "object":
		obj := doc.(map[string]any)
		req, _ := s["required"].([]any)
		for _, r := range req {
			if _, ok := obj[r.(string)]; !ok {
				v.fail(path, "missing %q", r)
			}
		}
		props, _ := s["properties"].(map[string]any)
		add := s["additionalProperties"]
		for _, k := range sortedKeys(obj) {
			e := obj[k]
			if p, ok := props[k].(map[string]any); ok {
				v.check(path+"."+k, p, e)
				continue
			}
			switch a := add.(type) {
			case map[string]any:
				v.check(path+"."+k, a, e)
			case bool:
				if !a {
					v.fail(path, "undeclared key %q", k)
				}
			}
		}
	case "array":
		items, _ := s["items"].(map[string]any)
		if items == nil {
			return
		}
		for i, e := range doc.([]any) {
			v.check(fmt.Sprintf("%s[%d]", path, i), items, e)
		}
	case "string":
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(doc.(string)) {
			v.fail(path, "%q does not match %s", doc, p)
		}
	}
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Undocumented returns, sorted, the object keys of the JSON document data
// that the Markdown page md does not name in backquotes, skipping the keys
// of the objects named in dataKeyed (objects keyed by data: class names,
// zone IDs, metric names) and not descending into those named in opaque.
func Undocumented(data []byte, md string, dataKeyed, opaque []string) ([]string, error) {
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("schemacheck: %w", err)
	}
	keys := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				keys[k] = true
				switch {
				case slices.Contains(opaque, k):
					continue
				case slices.Contains(dataKeyed, k):
					if m, ok := e.(map[string]any); ok {
						for _, inner := range m {
							walk(inner)
						}
					}
					continue
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(doc)
	var missing []string
	for k := range keys {
		if !strings.Contains(md, "`"+k+"`") {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	return missing, nil
}
