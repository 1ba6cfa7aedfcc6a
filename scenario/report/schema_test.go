package report_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/internal/schemacheck"
	"github.com/lifeline-sim/lifeline/scenario/report"
)

// CheckSchema checks a document against docs/report-schema.json and that
// docs/report-schema.md names every key it holds.
func checkSchema(t *testing.T, name string, data []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "docs", "report-schema.json"))
	require.NoError(t, err)
	s, err := schemacheck.Parse(raw)
	require.NoError(t, err)
	probs, err := s.Check(data)
	require.NoError(t, err)
	assert.Empty(t, probs, "%s against docs/report-schema.json", name)
	md, err := os.ReadFile(filepath.Join("..", "..", "docs", "report-schema.md"))
	require.NoError(t, err)
	missing, err := schemacheck.Undocumented(data, string(md), []string{"class_coverage", "zone_unserved", "metrics", "distributions"},
		[]string{"network"})
	require.NoError(t, err)
	assert.Empty(t, missing, "%s: keys not in docs/report-schema.md", name)
}

func TestSchemaDocumented(t *testing.T) {
	study := compute(t, mappedCity(t), 6)
	sec := report.Section{ID: "x", Title: "X"}
	sec.Row("a", "b")
	sec.Add(report.Paragraph("p"), report.TableBlock(report.Table{Caption: "c", Header: []string{"h"}, Rows: [][]string{{"1"}}}))
	study.Sections = []report.Section{sec}
	for name, d := range map[string]*report.Document{"study": study, "single": compute(t, zonedCity(t), 1)} {
		var b bytes.Buffer
		require.NoError(t, report.WriteJSON(&b, d))
		checkSchema(t, name, b.Bytes())
	}
	// The checker notices an undeclared key and a wrong type.
	var b bytes.Buffer
	require.NoError(t, report.WriteJSON(&b, study))
	bad := strings.Replace(b.String(), `"seed": 1,`, `"seed": "one", "bogus": 1,`, 1)
	raw, err := os.ReadFile(filepath.Join("..", "..", "docs", "report-schema.json"))
	require.NoError(t, err)
	s, err := schemacheck.Parse(raw)
	require.NoError(t, err)
	probs, err := s.Check([]byte(bad))
	require.NoError(t, err)
	assert.Equal(t, []string{`$.seed: not integer`, `$: undeclared key "bogus"`}, probs)
}
