package matpower_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network/matpower"
)

func readCase(t *testing.T, path string) *matpower.Case {
	t.Helper()
	c, err := matpower.ReadFile(path)
	require.NoError(t, err)
	return c
}

// MATPOWER's DC power flow of case9 (rundcpf): the slack generator makes
// 67 MW, and the branch flows, from → to as listed in the file, are these.
func TestDCCase9(t *testing.T) {
	c := readCase(t, "testdata/case9.m")
	res, err := c.DCPowerFlow()
	require.NoError(t, err)
	assert.InDelta(t, 67, res.SlackGenMW, 1e-9)
	assert.Equal(t, []matpower.DCSlack{{Bus: 1, Gen: 1, PgMW: res.SlackGenMW}}, res.Slacks)
	want := []struct {
		from, to int
		mw, rate float64
	}{
		{1, 4, 67, 250}, {4, 5, 28.9674, 250}, {5, 6, -61.0326, 150}, {3, 6, 85, 300}, {6, 7, 23.9674, 150},
		{7, 8, -76.0326, 250}, {8, 2, -163, 250}, {8, 9, 86.9674, 250}, {9, 4, -38.0326, 250},
	}
	require.Len(t, res.Branches, len(want))
	for k, w := range want {
		b := res.Branches[k]
		assert.Equal(t, k+1, b.Row)
		assert.Equal(t, w.from, b.From)
		assert.Equal(t, w.to, b.To)
		assert.InDelta(t, w.mw, b.FlowMW, 1e-3, "branch %d-%d", w.from, w.to)
		assert.Equal(t, w.rate, b.RateA)
		assert.InDelta(t, math.Abs(w.mw)/w.rate, b.Loading, 1e-5)
		assert.True(t, b.InService)
	}
	// Angles follow from the flows on the lossless radial paths: bus 4 is
	// 0.67 pu × x=0.0576 behind bus 1, bus 2 is 1.63 pu × 0.0625 ahead of bus
	// 8, bus 3 0.85 × 0.0586 ahead of bus 6.
	deg := func(rad float64) float64 { return rad * 180 / math.Pi }
	ang := func(id int) float64 { return res.Buses[id-1].AngleDeg }
	assert.Equal(t, 0.0, ang(1))
	assert.InDelta(t, deg(-0.67*0.0576), ang(4), 1e-9)
	assert.InDelta(t, deg(1.63*0.0625), ang(2)-ang(8), 1e-9)
	assert.InDelta(t, deg(0.85*0.0586), ang(3)-ang(6), 1e-9)
	for i, b := range res.Buses {
		assert.Equal(t, i+1, b.ID)
		assert.False(t, b.Islanded)
	}
	assert.Empty(t, res.Overloaded())
}

// The reference bus keeps its Va; the other generators on it keep their
// Pg, and the first takes up the imbalance.
func TestDCReference(t *testing.T) {
	c := readCase(t, "testdata/case9.m")
	c.Buses[0].Va = 10
	c.Gens = append(c.Gens, matpower.Gen{Bus: 1, Pg: 20, Status: 1, Pmax: 50})
	res, err := c.DCPowerFlow()
	require.NoError(t, err)
	assert.InDelta(t, 47, res.SlackGenMW, 1e-9)
	assert.Equal(t, 10.0, res.Buses[0].AngleDeg)
	assert.InDelta(t, 10+(-0.67*0.0576)*180/math.Pi, res.Buses[3].AngleDeg, 1e-9)
	assert.InDelta(t, 67, res.Branches[0].FlowMW, 1e-9)
}

// Every solved bus balances: the flow leaving it on its branches equals
// its generation (the slack's from the result) minus Pd and Gs, to 1e-6 pu.
func TestDCBalance(t *testing.T) {
	paths := casePaths(t)
	for _, pc := range publicCases {
		for _, path := range paths[pc.path] {
			t.Run(path, func(t *testing.T) {
				c := readCase(t, path)
				res, err := c.DCPowerFlow()
				require.NoError(t, err)
				require.Len(t, res.Slacks, 1)
				assert.Equal(t, pc.slackBus, res.Slacks[0].Bus)
				assert.Equal(t, pc.slackGen, res.Slacks[0].Gen)
				idx := map[int]int{}
				for i, b := range c.Buses {
					idx[b.ID] = i
				}
				inj := make([]float64, len(c.Buses))
				var gs, pg float64
				for i, b := range c.Buses {
					inj[i] = -b.Pd - b.Gs
					gs += b.Gs
				}
				for k, g := range c.Gens {
					if g.Status <= 0 {
						continue
					}
					p := g.Pg
					if k+1 == res.Slacks[0].Gen {
						p = res.Slacks[0].PgMW
					} else {
						pg += p
					}
					inj[idx[g.Bus]] += p
				}
				out := make([]float64, len(c.Buses))
				for _, b := range res.Branches {
					out[idx[b.From]] += b.FlowMW
					out[idx[b.To]] -= b.FlowMW
				}
				for i := range c.Buses {
					assert.InDelta(t, inj[i]/c.BaseMVA, out[i]/c.BaseMVA, 1e-6, "bus %d", c.Buses[i].ID)
				}
				// The slack covers the load and shunts the others leave.
				assert.InDelta(t, pc.loadMW+gs-pg, res.SlackGenMW, 1e-6)
				if pc.otherPgMW != 0 {
					assert.InDelta(t, pc.otherPgMW, pg, 1e-9)
				}
			})
		}
	}
}

// twoBus is a case of a reference bus 1 with a generator and bus 2 drawing
// 100 MW, joined by the given branches; base 100 MVA, so the load is 1 pu.
func twoBus(branches ...matpower.Branch) *matpower.Case {
	for i := range branches {
		branches[i].From, branches[i].To, branches[i].Status = 1, 2, 1
	}
	return &matpower.Case{Name: "two", BaseMVA: 100,
		Buses:    []matpower.Bus{{ID: 1, Type: 3}, {ID: 2, Type: 1, Pd: 100}},
		Gens:     []matpower.Gen{{Bus: 1, Pg: 0, Status: 1, Pmax: 200}},
		Branches: branches,
	}
}

// Hand-solved two-bus systems for taps, phase shifters and a negative
// (series-capacitor) reactance.
func TestDCTwoBus(t *testing.T) {
	const rad = 180 / math.Pi
	tests := []struct {
		name     string
		branches []matpower.Branch
		theta2   float64 // rad
		flows    []float64
	}{
		// b = 1/0.1 = 10: θ2 = −1/10.
		{"line", []matpower.Branch{{X: 0.1}}, -0.1, []float64{100}},
		// b = 1/(0.1·0.5) = 20: θ2 = −1/20.
		{"tap", []matpower.Branch{{X: 0.1, Ratio: 0.5}}, -0.05, []float64{100}},
		// b = −10: θ2 = +0.1 and the flow still goes 1 → 2 (LU, B' < 0).
		{"series capacitor", []matpower.Branch{{X: -0.1}}, 0.1, []float64{100}},
		// A line and a phase shifter of φ = 0.05 rad in parallel, both
		// b = 10: 10(0−θ2) + 10(0−θ2−φ) = 1, so θ2 = −(1 + 0.5)/20 =
		// −0.075; the line carries 0.75 pu, the shifter 0.75 − 0.5.
		{"phase shifter", []matpower.Branch{{X: 0.1}, {X: 0.1, Angle: 0.05 * rad}}, -0.075, []float64{75, 25}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := twoBus(tt.branches...).DCPowerFlow()
			require.NoError(t, err)
			assert.InDelta(t, tt.theta2*rad, res.Buses[1].AngleDeg, 1e-9)
			require.Len(t, res.Branches, len(tt.flows))
			for k, f := range tt.flows {
				assert.InDelta(t, f, res.Branches[k].FlowMW, 1e-9)
				assert.Equal(t, 0.0, res.Branches[k].Loading) // unrated
			}
			assert.InDelta(t, 100, res.SlackGenMW, 1e-9)
		})
	}
}

// Out-of-service elements, isolated buses and islands.
func TestDCIslands(t *testing.T) {
	t.Run("out of service", func(t *testing.T) {
		c := twoBus(matpower.Branch{X: 0.1}, matpower.Branch{X: 0.1})
		c.Branches[1].Status = 0
		c.Gens = append(c.Gens, matpower.Gen{Bus: 2, Pg: 30, Status: 0})
		res, err := c.DCPowerFlow()
		require.NoError(t, err)
		assert.InDelta(t, 100, res.Branches[0].FlowMW, 1e-9)
		assert.Equal(t, matpower.DCBranch{Row: 2, From: 1, To: 2}, res.Branches[1])
	})
	t.Run("isolated bus", func(t *testing.T) {
		c := twoBus(matpower.Branch{X: 0.1}, matpower.Branch{X: 0.1})
		c.Buses = append(c.Buses, matpower.Bus{ID: 3, Type: 4, Pd: 50, Va: 7})
		c.Branches[1].To = 3
		c.Gens = append(c.Gens, matpower.Gen{Bus: 3, Pg: 30, Status: 1})
		res, err := c.DCPowerFlow()
		require.NoError(t, err)
		assert.Equal(t, matpower.DCBus{ID: 3, AngleDeg: 7, Islanded: true}, res.Buses[2])
		assert.False(t, res.Branches[1].InService)
		assert.InDelta(t, 100, res.SlackGenMW, 1e-9)
	})
	t.Run("dead island", func(t *testing.T) {
		// case14's bus 8 has only a synchronous condenser (Pg 0) and hangs
		// on branch 14 (7-8): without it the bus is an empty island.
		c := readCase(t, "testdata/case14.m")
		require.Equal(t, [2]int{7, 8}, [2]int{c.Branches[13].From, c.Branches[13].To})
		c.Branches[13].Status = 0
		res, err := c.DCPowerFlow()
		require.NoError(t, err)
		assert.True(t, res.Buses[7].Islanded)
		assert.Equal(t, c.Buses[7].Va, res.Buses[7].AngleDeg)
		assert.InDelta(t, 219, res.SlackGenMW, 1e-9)
		over, err := c.Overloads([]int{14})
		require.NoError(t, err)
		assert.Empty(t, over)
	})
	t.Run("no reference", func(t *testing.T) {
		c := readCase(t, "testdata/case9.m")
		_, err := c.Overloads([]int{4}) // 3-6: generator 3 cut off
		require.Error(t, err)
		assert.True(t, errors.Is(err, matpower.ErrNoReference))
		assert.Equal(t, "matpower: island without a reference bus: buses 3", err.Error())
		_, err = c.Overloads([]int{2, 8}) // 4-5 and 8-9 split the grid in two
		assert.Equal(t, "matpower: island without a reference bus: buses 2, 3, 5, 6, 7, 8", err.Error())
		c.Buses[0].Type = 2
		_, err = c.DCPowerFlow()
		assert.True(t, errors.Is(err, matpower.ErrNoReference))
		assert.Equal(t, "matpower: island without a reference bus: buses 1, 2, 3, 4, 5, 6, 7, 8, … (9 in all)", err.Error())
	})
	t.Run("reference without generator", func(t *testing.T) {
		c := readCase(t, "testdata/case9.m")
		c.Gens[0].Status = 0
		_, err := c.DCPowerFlow()
		assert.True(t, errors.Is(err, matpower.ErrNoReference))
		assert.Equal(t, "matpower: island without a reference bus: reference bus 1 has no generator in service", err.Error())
	})
	t.Run("two references", func(t *testing.T) {
		c := readCase(t, "testdata/case9.m")
		c.Buses[1].Type = 3
		_, err := c.DCPowerFlow()
		assert.Equal(t, "matpower: island of buses 1, 2, 3, 4, 5, 6, 7, 8, … (9 in all) has 2 reference buses (1, 2); want one", err.Error())
	})
	t.Run("zero reactance", func(t *testing.T) {
		c := readCase(t, "testdata/case9.m")
		c.Branches[4].X = 0
		_, err := c.DCPowerFlow()
		assert.Equal(t, "matpower: branch 5 (6-7): x = 0 and ratio 0 give no finite susceptance for the DC model", err.Error())
	})
}

// Contingency screening on case9 with ratings chosen so that the outcome
// is known by hand: without 4-5, bus 5 (90 MW) hangs on 5-6 alone; without
// 8-9, bus 9 (125 MW) hangs on 9-4 alone.
func TestOverloads(t *testing.T) {
	c := readCase(t, "testdata/case9.m")
	c.Branches[2].RateA = 80  // 5-6, loaded 61 MW in the base case
	c.Branches[8].RateA = 100 // 9-4
	over, err := c.Overloads(nil)
	require.NoError(t, err)
	assert.Empty(t, over)

	over, err = c.Overloads([]int{2})
	require.NoError(t, err)
	require.Len(t, over, 1)
	assert.Equal(t, 3, over[0].Row)
	assert.InDelta(t, -90, over[0].FlowMW, 1e-9)
	assert.InDelta(t, 90.0/80, over[0].Loading, 1e-12)

	// Without 8-9 the grid is a tree: bus 8 sends gen 2's 163 MW to bus 7,
	// which keeps 100 and passes 63 to bus 6; with gen 3's 85 MW, 148 go on
	// to bus 5, which keeps 90; bus 4 gets those 58 and the slack's 67 and
	// feeds bus 9's 125.
	over, err = c.Overloads([]int{8})
	require.NoError(t, err)
	require.Len(t, over, 2)
	assert.Equal(t, matpower.DCBranch{Row: 3, From: 5, To: 6, FlowMW: over[0].FlowMW, RateA: 80, Loading: over[0].Loading, InService: true}, over[0])
	assert.InDelta(t, -148, over[0].FlowMW, 1e-9)
	assert.InDelta(t, 148.0/80, over[0].Loading, 1e-12)
	assert.Equal(t, matpower.DCBranch{Row: 9, From: 9, To: 4, FlowMW: over[1].FlowMW, RateA: 100, Loading: over[1].Loading, InService: true}, over[1])
	assert.InDelta(t, -125, over[1].FlowMW, 1e-9)

	// The case itself is not changed.
	res, err := c.DCPowerFlow()
	require.NoError(t, err)
	assert.InDelta(t, 28.9674, res.Branches[1].FlowMW, 1e-3)

	for _, bad := range []int{0, 10, -1} {
		_, err := c.Overloads([]int{bad})
		require.Error(t, err)
		assert.True(t, strings.HasSuffix(err.Error(), "out of range [1, 9]"), err.Error())
	}
}

func BenchmarkDCPowerFlow(b *testing.B) {
	for _, name := range []string{"case9", "case14", "case118", "case300"} {
		c, err := matpower.ReadFile("testdata/" + name + ".m")
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.DCPowerFlow(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
