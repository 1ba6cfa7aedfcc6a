package report_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/scenario/report"
)

func TestWriteTimelineCSV(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, report.WriteTimelineCSV(&buf, cityResult(t)))
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	require.Len(t, lines, 1+3*12) // a header, 12 hourly buckets of 3 networks
	assert.Equal(t, "network,start_hour,coverage,ecs,unserved,coverage_critical,coverage_residential,"+
		"unserved_north,unserved_south,cold_customers,mean_indoor_c,crew_utilisation,quantity_unit", lines[0])
	// Power, 2–3 h: the hospital (20 kW) served, the homes (50 kW) not:
	// coverage 20/70, ECS (1 + 0)/2, 50 kWh unserved in zone south; one
	// crew member of four is on the job. No heat columns for power.
	assert.Equal(t, "power,2,0.2857142857142857,0.5,50,1,0,0,50,,,0.25,kWh", lines[1+2])
	// Water, 3–4 h: the tank runs dry at 3.125 h, so 1 m³ of 8 is served.
	// The water network has no critical consumers and no zones.
	assert.Equal(t, "water,3,0.125,0.125,7,,0.125,,,,,0.25,m³", lines[1+24+3])
	// Heat rows carry the indoor columns: 18 °C before the outage.
	assert.Equal(t, "heat,0,1,1,0,,1,,0,0,18,0,kWh", lines[1+12])

	// Every row has the header's width, and parses back.
	recs, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
	require.NoError(t, err)
	for _, r := range recs {
		assert.Len(t, r, 13)
	}
	// Deterministic.
	var again bytes.Buffer
	require.NoError(t, report.WriteTimelineCSV(&again, cityResult(t)))
	assert.Equal(t, buf.String(), again.String())
}

func TestWriteTimelineCSVErrors(t *testing.T) {
	assert.Error(t, report.WriteTimelineCSV(&bytes.Buffer{}, nil))
	assert.Error(t, report.WriteTimelineCSV(failWriter{assert.AnError}, cityResult(t)))
}
