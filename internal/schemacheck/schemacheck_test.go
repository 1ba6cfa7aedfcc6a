package schemacheck_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/internal/schemacheck"
)

const schema = `{
  "type": "object", "required": ["v", "xs"], "additionalProperties": false,
  "properties": {
    "v": {"type": "integer", "const": 2},
    "kind": {"type": "string", "enum": ["a", "b"]},
    "xs": {"type": "array", "items": {"type": ["number", "null"]}},
    "m": {"type": "object", "additionalProperties": {"$ref": "#/$defs/p"}},
    "any": {"type": "object"}
  },
  "$defs": {"p": {"type": "object", "required": ["id"], "additionalProperties": false,
    "properties": {"id": {"type": "string", "pattern": "^[a-z]+$"}}}}
}`

func TestCheck(t *testing.T) {
	s, err := schemacheck.Parse([]byte(schema))
	require.NoError(t, err)
	ok := `{"v": 2, "kind": "a", "xs": [1, null, 2.5], "m": {"k": {"id": "abc"}}, "any": {"whatever": [1]}}`
	probs, err := s.Check([]byte(ok))
	require.NoError(t, err)
	assert.Empty(t, probs)
	bad := `{"v": 2.5, "kind": "c", "xs": [1, "x"], "m": {"k": {"id": "A1", "z": 1}}, "extra": true}`
	probs, err = s.Check([]byte(bad))
	require.NoError(t, err)
	assert.Equal(t, []string{
		`$.kind: c not in [a b]`,
		`$.m.k.id: "A1" does not match ^[a-z]+$`,
		`$.m.k: undeclared key "z"`,
		`$.v: 2.5, want 2`,
		`$.v: not integer`,
		`$.xs[1]: not number or null`,
		`$: undeclared key "extra"`,
	}, probs)
	probs, err = s.Check([]byte(`{}`))
	require.NoError(t, err)
	assert.Equal(t, []string{`$: missing "v"`, `$: missing "xs"`}, probs)
}

func TestUndocumented(t *testing.T) {
	doc := `{"a": 1, "by_name": {"alice": {"b": 2}}, "net": {"inner": 1}, "list": [{"c": 3}]}`
	missing, err := schemacheck.Undocumented([]byte(doc), "`a` `b` `net` `list`", []string{"by_name"}, []string{"net"})
	require.NoError(t, err)
	assert.Equal(t, []string{"by_name", "c"}, missing)
}
