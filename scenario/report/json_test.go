package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/scenario/report"
)

// decode parses JSON into generic values.
func decode(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m))
	return m
}

func TestJSONRoundTrip(t *testing.T) {
	for name, mk := range map[string]func() (*report.Document, error){
		"city":  func() (*report.Document, error) { return report.NewDocument(cityResult(t), handSummary(t), "") },
		"study": func() (*report.Document, error) { res, sum := studyRun(t); return report.NewDocument(res, sum, "") },
		"run":   func() (*report.Document, error) { return report.NewDocument(cityResult(t), nil, "water") },
	} {
		t.Run(name, func(t *testing.T) {
			doc, err := mk()
			require.NoError(t, err)
			var buf bytes.Buffer
			require.NoError(t, doc.Encode(&buf))
			back, err := report.ReadJSON(bytes.NewReader(buf.Bytes()))
			require.NoError(t, err)
			assert.True(t, reflect.DeepEqual(doc, back), "document changed in a round trip")
			var again bytes.Buffer
			require.NoError(t, back.Encode(&again))
			assert.Equal(t, buf.String(), again.String())
		})
	}
}

// Top-level keys and their values for the city run (power, the summary's
// network) and the hand-made summary.
func TestJSONKeys(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, report.WriteJSON(&buf, cityResult(t), handSummary(t)))
	m := decode(t, buf.Bytes())
	assert.Equal(t, "lifeline-report", m["schema"])
	assert.Equal(t, 1.0, m["version"])
	assert.Equal(t, "power", m["network"])
	assert.Equal(t, "kWh", m["quantity_unit"])
	assert.InDelta(t, 200, m["ens"], 1e-9)
	assert.InDelta(t, 640.0/840, m["coverage"], 1e-12)
	assert.InDelta(t, 10.0/11, m["saifi"], 1e-12)
	assert.InDelta(t, 40.0/11, m["saidi"], 1e-12)
	assert.InDelta(t, 4, m["caidi"], 1e-12)
	assert.InDelta(t, 1-40.0/(11*12), m["asai"], 1e-12)
	assert.Equal(t, "2000", m["value_lost"])

	byClass := m["by_class"].(map[string]any)
	topKeys := []string{"consumers", "customers", "demand", "served", "ens", "coverage", "ecs", "eoh",
		"customer_hours_lost", "interruptions", "interruption_hours", "saifi", "saidi", "caidi", "asai", "value_lost"}
	for _, class := range []string{"critical", "essential", "residential", "commercial", "industrial"} {
		c, ok := byClass[class].(map[string]any)
		require.True(t, ok, "by_class.%s", class)
		for _, k := range topKeys {
			assert.Contains(t, c, k, "by_class.%s", class)
			assert.Contains(t, m, k)
		}
	}
	res := byClass["residential"].(map[string]any)
	assert.InDelta(t, 200, res["ens"], 1e-9)
	assert.InDelta(t, 1, res["saifi"], 1e-12)
	assert.Equal(t, "2000", res["value_lost"])
	assert.Equal(t, 1.0, byClass["critical"].(map[string]any)["coverage"])
	assert.InDelta(t, 200, m["by_zone"].(map[string]any)["south"].(map[string]any)["ens"], 1e-9)

	nets := m["networks"].([]any)
	require.Len(t, nets, 3)
	water := nets[2].(map[string]any)
	assert.Equal(t, "m³", water["quantity_unit"])
	assert.Equal(t, false, water["restored"])
	assert.InDelta(t, 3.125, water["storage"].([]any)[0].(map[string]any)["dry_at"], 1e-12)
	heat := nets[1].(map[string]any)
	assert.Equal(t, 50.0, heat["heat"].(map[string]any)["peak_cold_customers"])
	assert.NotContains(t, nets[0], "heat")

	crew := m["crew"].(map[string]any)
	assert.InDelta(t, 4.0/48, crew["utilisation"], 1e-12)
	assert.Equal(t, 1.0, crew["tasks"])
	assert.Len(t, crew["utilisation_timeline"], 12)

	// The hand-made summary: ens = 10·i kWh for i = 0…19.
	risk := m["risk"].(map[string]any)
	assert.Equal(t, 20.0, risk["trials"])
	assert.InDelta(t, 95, risk["mean"], 1e-12)
	assert.InDelta(t, 10*math.Sqrt(35)/math.Sqrt(20), risk["stderr"], 1e-12)
	assert.InDelta(t, 95, risk["p50"], 1e-12)
	assert.InDelta(t, 180.5, risk["p95"], 1e-12)
	assert.InDelta(t, 190, risk["cvar95"], 1e-12)
	assert.InDelta(t, 4.75/12, risk["lolp"], 1e-12)
	assert.InDelta(t, 4.75, risk["lole"], 1e-12)
	assert.InDelta(t, 95, risk["eue"], 1e-12)
	sr := risk["service_risks"].([]any)[0].(map[string]any)
	assert.Equal(t, 0.95, sr["level"])
	assert.InDelta(t, 0.35, sr["p"], 1e-12)
	metrics := risk["metrics"].(map[string]any)
	assert.Len(t, metrics, 20)
	cov := metrics["coverage"].(map[string]any)
	assert.Equal(t, false, cov["higher_is_worse"])
	assert.Equal(t, "", cov["unit"])
	assert.InDelta(t, 0.81, cov["cvar95"], 1e-12)
	assert.Equal(t, "kWh", metrics["ens"].(map[string]any)["unit"])
}

func TestJSONDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	require.NoError(t, report.WriteJSON(&a, cityResult(t), handSummary(t)))
	res, err := cityScenario(t).Run(t.Context(), 1) // a separate run
	require.NoError(t, err)
	require.NoError(t, report.WriteJSON(&b, res, handSummary(t)))
	assert.Equal(t, a.String(), b.String())
}

func TestNewDocumentNetwork(t *testing.T) {
	res := cityResult(t)
	d, err := report.NewDocument(res, nil, "")
	require.NoError(t, err)
	assert.Equal(t, "power", d.Network)
	assert.Nil(t, d.Risk)
	d, err = report.NewDocument(res, nil, "heat")
	require.NoError(t, err)
	assert.Equal(t, "heat", d.Network)
	assert.InDelta(t, 6, d.EOH, 1e-9)
	assert.Contains(t, d.ByZone, "south")

	_, err = report.NewDocument(res, nil, "gas")
	assert.ErrorContains(t, err, `no network "gas"`)
	_, err = report.NewDocument(nil, nil, "")
	assert.Error(t, err)
	// A summary of a network the result lacks.
	_, sum := studyRun(t)
	other := *res
	other.Networks = res.Networks[1:]
	_, err = report.NewDocument(&other, sum, "")
	assert.ErrorContains(t, err, `summary is of network "power"`)
}

func TestReadJSONErrors(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, report.WriteJSON(&buf, cityResult(t), nil))
	good := buf.String()
	for name, tc := range map[string]struct {
		in     string
		schema bool
		want   string
	}{
		"schema":   {strings.Replace(good, `"lifeline-report"`, `"other"`, 1), true, `schema "other"`},
		"version":  {strings.Replace(good, `"version": 1`, `"version": 2`, 1), true, "version 2"},
		"zero":     {`{"schema": "lifeline-report"}`, true, "version 0"},
		"syntax":   {good[:100], false, "read JSON"},
		"trailing": {good + "{}", false, "data after the document"},
		"type":     {strings.Replace(good, `"seed": 1`, `"seed": "one"`, 1), false, "seed"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := report.ReadJSON(strings.NewReader(tc.in))
			require.Error(t, err)
			assert.Equal(t, tc.schema, errorsIs(err, report.ErrSchema))
			assert.ErrorContains(t, err, tc.want)
		})
	}
	// Unknown keys are ignored.
	d, err := report.ReadJSON(strings.NewReader(strings.Replace(good, `"version": 1,`, `"version": 1, "extra": [1, 2],`, 1)))
	require.NoError(t, err)
	assert.Equal(t, "city day", d.Scenario)
}

func FuzzReadJSON(f *testing.F) {
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, cityResult(f), nil); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"schema":"lifeline-report","version":1}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := report.ReadJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		if d.Schema != report.Schema || d.Version != report.Version {
			t.Fatalf("accepted schema %q version %d", d.Schema, d.Version)
		}
		var out bytes.Buffer
		if err := d.Encode(&out); err != nil {
			return // e.g. a number that does not fit
		}
		back, err := report.ReadJSON(&out)
		if err != nil {
			t.Fatalf("re-encoded document does not read back: %v", err)
		}
		if !reflect.DeepEqual(d, back) {
			t.Fatalf("round trip changed the document")
		}
	})
}

// TestJSONSchemaDocumented checks documents against docs/report-schema.json
// (every key declared, every required key present, types, constants,
// enums and patterns) and that docs/report-schema.md names every key.
func TestJSONSchemaDocumented(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "docs", "report-schema.json"))
	require.NoError(t, err)
	var schema map[string]any
	require.NoError(t, json.Unmarshal(raw, &schema))
	md, err := os.ReadFile(filepath.Join("..", "..", "docs", "report-schema.md"))
	require.NoError(t, err)

	res, sum := studyRun(t)
	docs := map[string]func(*bytes.Buffer) error{
		"city": func(b *bytes.Buffer) error { return report.WriteJSON(b, cityResult(t), handSummary(t)) },
		"study": func(b *bytes.Buffer) error {
			return report.WriteJSON(b, res, sum)
		},
	}
	for _, name := range []string{"city", "study"} {
		var buf bytes.Buffer
		require.NoError(t, docs[name](&buf))
		var doc any
		require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
		v := validator{root: schema}
		v.check("$", schema, doc)
		assert.Empty(t, v.problems, name)
		keys := map[string]bool{}
		collectKeys(doc, keys)
		var missing []string
		for k := range keys {
			if !strings.Contains(string(md), "`"+k+"`") {
				missing = append(missing, k)
			}
		}
		sort.Strings(missing)
		assert.Empty(t, missing, "keys not documented in docs/report-schema.md")

		// The checker itself notices an undeclared key and a wrong type.
		obj := doc.(map[string]any)
		obj["bogus"] = 1.0
		obj["seed"] = "one"
		v = validator{root: schema}
		v.check("$", schema, doc)
		assert.Equal(t, []string{`$.seed: not an integer`, `$: undeclared key "bogus"`}, sorted(v.problems))
	}
}

func sorted(xs []string) []string { slices.Sort(xs); return xs }

// collectKeys gathers the object keys of a document, except the keys of
// maps keyed by data (class names, zone IDs, metric names).
func collectKeys(v any, keys map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			keys[k] = true
			switch k {
			case "by_class", "by_zone", "class_coverage", "zone_unserved", "metrics":
				for _, inner := range e.(map[string]any) {
					collectKeys(inner, keys)
				}
				continue
			}
			collectKeys(e, keys)
		}
	case []any:
		for _, e := range x {
			collectKeys(e, keys)
		}
	}
}

// validator checks a document against the subset of JSON Schema used by
// docs/report-schema.json, strictly: an object with declared properties
// may hold no others.
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
		s = v.root["$defs"].(map[string]any)[name].(map[string]any)
	}
	if c, ok := s["const"]; ok && !reflect.DeepEqual(c, doc) {
		v.fail(path, "%v, want %v", doc, c)
	}
	if e, ok := s["enum"].([]any); ok && !slices.Contains(e, doc) {
		v.fail(path, "%v not in %v", doc, e)
	}
	switch s["type"] {
	case "object":
		obj, ok := doc.(map[string]any)
		if !ok {
			v.fail(path, "not an object")
			return
		}
		for _, r := range asSlice(s["required"]) {
			if _, ok := obj[r.(string)]; !ok {
				v.fail(path, "missing %q", r)
			}
		}
		props, _ := s["properties"].(map[string]any)
		add, _ := s["additionalProperties"].(map[string]any)
		for k, e := range obj {
			if p, ok := props[k].(map[string]any); ok {
				v.check(path+"."+k, p, e)
			} else if add != nil {
				v.check(path+"."+k, add, e)
			} else {
				v.fail(path, "undeclared key %q", k)
			}
		}
	case "array":
		arr, ok := doc.([]any)
		if !ok {
			v.fail(path, "not an array")
			return
		}
		items := s["items"].(map[string]any)
		for i, e := range arr {
			v.check(fmt.Sprintf("%s[%d]", path, i), items, e)
		}
	case "string":
		str, ok := doc.(string)
		if !ok {
			v.fail(path, "not a string")
			return
		}
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			v.fail(path, "%q does not match %s", str, p)
		}
	case "number":
		if _, ok := doc.(float64); !ok {
			v.fail(path, "not a number")
		}
	case "integer":
		if f, ok := doc.(float64); !ok || f != math.Trunc(f) {
			v.fail(path, "not an integer")
		}
	case "boolean":
		if _, ok := doc.(bool); !ok {
			v.fail(path, "not a boolean")
		}
	}
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}
