package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tankNetwork writes a water network whose only supply is a tank
// (discharge up to 100 m³/h) holding level m³ and refilled at charge m³/h,
// feeding a consumer of 80 m³/h.
func tankNetwork(t *testing.T, level, charge float64) string {
	t.Helper()
	doc := fmt.Sprintf(`format: lifeline-network
version: 1
kind: water
nodes:
  - {id: tank, role: storage, capacity: 100, level: %g, max_level: 500, charge_rate: %g}
  - {id: block, role: consumer, demand: 80, customers: 40}
links:
  - {id: main, from: tank, to: block}
`, level, charge)
	path := filepath.Join(t.TempDir(), "tank.yaml")
	require.NoError(t, os.WriteFile(path, []byte(doc), 0o644))
	return path
}

// solve and contingency honour storage levels: an empty tank gives only
// what flows into it (0, or its 20 m³/h charge rate), a tank with stock
// its full discharge rate up to the demand.
func TestSolveAndContingencyHonourStorageLevel(t *testing.T) {
	for _, tc := range []struct {
		level, charge, served float64
	}{
		{0, 0, 0},
		{0, 20, 20},
		{50, 0, 80},
	} {
		path := tankNetwork(t, tc.level, tc.charge)
		code, out, errs := runCmd("solve", "-json", path)
		require.Equal(t, 0, code, errs)
		var got struct{ Served, Demand float64 }
		require.NoError(t, json.Unmarshal([]byte(out), &got))
		assert.InDelta(t, tc.served, got.Served, 1e-9, "level %g charge %g", tc.level, tc.charge)
		assert.InDelta(t, 80, got.Demand, 1e-9)

		code, out, errs = runCmd("contingency", "-json", path)
		require.Equal(t, 0, code, errs)
		var rep struct {
			Base struct{ Unserved float64 }
		}
		require.NoError(t, json.Unmarshal([]byte(out), &rep))
		assert.InDelta(t, 80-tc.served, rep.Base.Unserved, 1e-9, "contingency, level %g charge %g", tc.level, tc.charge)
	}
}
