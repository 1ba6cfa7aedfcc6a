package scenfile_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/scenfile"
)

// The gas → boiler room cascade of the scenario package's tests, written
// as a file: 20% short of gas leaves the heat 200 kW short for 10 h.
const coupledYAML = `format: lifeline-scenario
version: 1
horizon_hours: 10
networks:
  - id: gas
    inline:
      kind: gas
      nodes:
        - {id: gate, role: source, capacity: 80}
        - {id: boiler-fuel, role: consumer, class: essential, demand: 1}
      links:
        - {id: g1, from: gate, to: boiler-fuel}
  - id: heat
    inline:
      kind: heat
      nodes:
        - {id: boiler-room, role: source, capacity: 1000}
        - {id: flats, role: consumer, demand: 1000, customers: 100}
      links:
        - {id: h1, from: boiler-room, to: flats}
couplings:
  - {from: gas, consumer: boiler-fuel, to: heat, asset: boiler-room, factor: 0.1}
`

func TestCouplingFromFile(t *testing.T) {
	sc, err := scenfile.Decode(strings.NewReader(coupledYAML), "coupled.yaml", "")
	require.NoError(t, err)
	require.Equal(t, []scenario.Coupling{{From: "gas", Consumer: "boiler-fuel", To: "heat", Asset: "boiler-room", Factor: 0.1}}, sc.Couplings)
	res, err := sc.Run(context.Background(), 1)
	require.NoError(t, err)
	h, _ := res.Net("heat")
	assert.InDelta(t, 2000, h.Total.ENS(), 1e-6)
	assert.InDelta(t, 2000, h.Total.IndirectENS, 1e-6)

	bad := strings.Replace(coupledYAML, "asset: boiler-room", "asset: flats", 1)
	_, err = scenfile.Decode(strings.NewReader(bad), "coupled.yaml", "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "coupled.yaml:22: couplings[0].asset:")
	assert.Contains(t, err.Error(), `"flats" is a consumer; couple a source, storage or station`)
}
