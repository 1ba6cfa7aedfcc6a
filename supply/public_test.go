package supply_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network/epanet"
	"github.com/lifeline-sim/lifeline/supply"
)

// pipeCap is the capacity in m³/h of a pipe of diameter d metres at v m/s.
func pipeCap(d, v float64) float64 { return v * 3.141592653589793 * d * d / 4 * 3600 }

// EPANET Example Network 1, imported by package epanet, solves: every consumer is served in full, since the
// pump (681 m³/h) and the pipes carry more than the 249.8 m³/h asked.
func TestNet1Solves(t *testing.T) {
	m, err := epanet.ReadFile(filepath.Join("..", "network", "epanet", "testdata", "Net1.inp"), epanet.Options{})
	require.NoError(t, err)
	res, err := supply.Solve(m.Network, nil, supply.Options{})
	require.NoError(t, err)
	assert.InDelta(t, 249.837177744, res.Total.Demand, 1e-9) // 1100 GPM
	assert.InDelta(t, 249.837177744, res.Total.Served, 1e-6)
	assert.Empty(t, res.BottleneckIDs())

	// At 0.1 m/s the pipes out of the pump (pipe 10) and out of the tank
	// (pipe 110), both 18 inches, carry at most 2 × 59.1 m³/h: supply falls
	// short, and the cut that limits it is made of pipes.
	slow, err := epanet.ReadFile(filepath.Join("..", "network", "epanet", "testdata", "Net1.inp"), epanet.Options{VelocityLimit: 0.1})
	require.NoError(t, err)
	res, err = supply.Solve(slow.Network, nil, supply.Options{})
	require.NoError(t, err)
	assert.LessOrEqual(t, res.Total.Served, 2*pipeCap(18*0.0254, 0.1)+1e-9)
	assert.Greater(t, res.Total.Served, 0.0)
	require.NotEmpty(t, res.BottleneckIDs())
	for _, id := range res.BottleneckIDs() {
		assert.True(t, strings.HasPrefix(id, "pipe "), id)
	}
}
