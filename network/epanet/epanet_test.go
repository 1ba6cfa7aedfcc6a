package epanet_test

import (
	"bufio"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/epanet"
)

// publicDir holds the public EPANET networks (Net1, Net2, Net3, Net6),
// copied into testdata with their licence notes (testdata/README.md).
const publicDir = "testdata"

// gpm is the exact factor from US gallons per minute to m³/h:
// 3.785411784 L × 60 min/h / 1000 L/m³.
const gpm = 0.22712470704

// pipeCap is the capacity in m³/h of a pipe of diameter d metres at v m/s,
// written out independently of the package.
func pipeCap(d, v float64) float64 { return v * math.Pi * d * d / 4 * 3600 }

func readPublic(t *testing.T, name string) *epanet.Model {
	t.Helper()
	path := filepath.Join(publicDir, name)
	m, err := epanet.ReadFile(path, epanet.Options{})
	require.NoError(t, err)
	return m
}

// countFile counts the elements of an EPANET file the simple way, as an
// oracle for Read: the data lines of each element section, and the distinct
// IDs of [PATTERNS] and [CURVES].
func countFile(t *testing.T, path string) epanet.Counts {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var c epanet.Counts
	sec := ""
	patterns, curves := map[string]bool{}, map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), ";")
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if strings.HasPrefix(fields[0], "[") {
			sec = strings.ToUpper(fields[0])
			continue
		}
		switch sec {
		case "[JUNCTIONS]":
			c.Junctions++
		case "[RESERVOIRS]":
			c.Reservoirs++
		case "[TANKS]":
			c.Tanks++
		case "[PIPES]":
			c.Pipes++
		case "[PUMPS]":
			c.Pumps++
		case "[VALVES]":
			c.Valves++
		case "[PATTERNS]":
			patterns[fields[0]] = true
		case "[CURVES]":
			curves[fields[0]] = true
		}
	}
	require.NoError(t, sc.Err())
	c.Patterns, c.Curves = len(patterns), len(curves)
	return c
}

func TestPublicNetworks(t *testing.T) {
	// The counts of Net1 and Net3 are those published with the files; those
	// of Net2 and Net6 were counted in the files (Net6 lists JUNCTION-0 to
	// JUNCTION-3322: 3,323 junctions).
	tests := []struct {
		file   string
		counts epanet.Counts
		closed []string
	}{
		{"Net1.inp", epanet.Counts{Junctions: 9, Reservoirs: 1, Tanks: 1, Pipes: 12, Pumps: 1, Patterns: 1, Curves: 1}, nil},
		{"Net2.inp", epanet.Counts{Junctions: 35, Tanks: 1, Pipes: 40, Patterns: 3}, nil},
		{"Net3.inp", epanet.Counts{Junctions: 92, Reservoirs: 2, Tanks: 3, Pipes: 117, Pumps: 2, Patterns: 5, Curves: 2}, []string{"330", "10"}},
		{"Net6.inp", epanet.Counts{Junctions: 3323, Reservoirs: 1, Tanks: 32, Pipes: 3829, Pumps: 61, Valves: 2, Patterns: 3, Curves: 60}, []string{
			"PUMP-3829", "PUMP-3836", "PUMP-3841", "PUMP-3844", "PUMP-3845", "PUMP-3848", "PUMP-3853", "PUMP-3856", "PUMP-3859",
			"PUMP-3862", "PUMP-3866", "PUMP-3869", "PUMP-3871", "PUMP-3874", "PUMP-3877", "PUMP-3881", "PUMP-3884", "PUMP-3888"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m := readPublic(t, tt.file)
			assert.Equal(t, tt.counts, m.Counts)
			assert.Equal(t, countFile(t, filepath.Join(publicDir, tt.file)), m.Counts)
			assert.Equal(t, tt.closed, m.Closed)
			assert.Equal(t, "GPM", m.FlowUnits)
			assert.Equal(t, 1.0, m.DemandMultiplier)
			c := m.Counts
			n := m.Network
			closedPumps, closedPipes := 0, 0
			for _, id := range m.Closed {
				_, isPipe := n.LinkIndex("pipe " + id)
				_, isPump := n.NodeIndex("pump " + id)
				assert.False(t, isPipe || isPump, id)
				if strings.HasPrefix(id, "PUMP") || id == "10" {
					closedPumps++
				} else {
					closedPipes++
				}
			}
			openPumps := c.Pumps - closedPumps
			assert.Equal(t, c.Junctions+c.Reservoirs+c.Tanks+openPumps, n.NumNodes())
			assert.Equal(t, c.Pipes-closedPipes+2*openPumps+c.Valves, n.NumLinks())
			assert.Empty(t, n.Unreached())
		})
	}
}

func TestNet3Details(t *testing.T) {
	m := readPublic(t, "Net3.inp")
	n := m.Network
	// Pump 335: the power function through (0, 200), (8000, 138) and
	// (14000, 86) ft reaches zero head at 8000·(200/62)^(1/c) GPM, with
	// c = ln(114/62)/ln(14000/8000).
	c := math.Log(114.0/62) / math.Log(14000.0/8000)
	i, ok := n.NodeIndex("pump 335")
	require.True(t, ok)
	assert.InDelta(t, 8000*math.Pow(200.0/62, 1/c)*gpm, n.Capacity(i), 1e-9)
	// Pump 10 is closed in [STATUS]; pipe 330 in [PIPES].
	_, ok = n.NodeIndex("pump 10")
	assert.False(t, ok)
	_, ok = n.LinkIndex("pipe 330")
	assert.False(t, ok)
	// Junction 15 asks 1 GPM (its pattern is not applied by default).
	i, _ = n.NodeIndex("15")
	assert.InDelta(t, gpm, n.Demand(i), 1e-12)
	assert.Equal(t, []string{"1", "2", "3", "4", "5"}, m.PatternIDs)
	assert.Len(t, m.Patterns["1"], 24)
	assert.Equal(t, time.Hour, m.PatternStep)
}

func TestNet2InflowJunction(t *testing.T) {
	m := readPublic(t, "Net2.inp")
	n := m.Network
	// Junction 1 has demand -694.4 GPM: the pump station's inflow.
	i, _ := n.NodeIndex("1")
	assert.Equal(t, network.Source, n.Role(i))
	assert.InDelta(t, 694.4*gpm, n.Capacity(i), 1e-9)
	// Its pattern 2 is 0 in hour 7: with patterns applied there, it is a
	// plain junction.
	m7, err := epanet.ReadFile(filepath.Join(publicDir, "Net2.inp"), epanet.Options{ApplyPatterns: true, PatternHour: 7})
	require.NoError(t, err)
	i, _ = m7.Network.NodeIndex("1")
	assert.Equal(t, network.Junction, m7.Network.Role(i))
}

// Net1, copied into testdata, is always read.
func TestNet1(t *testing.T) {
	m, err := epanet.ReadFile(filepath.Join("testdata", "Net1.inp"), epanet.Options{})
	require.NoError(t, err)
	n := m.Network
	assert.Equal(t, epanet.Counts{Junctions: 9, Reservoirs: 1, Tanks: 1, Pipes: 12, Pumps: 1, Patterns: 1, Curves: 1}, m.Counts)
	assert.Equal(t, "EPANET Example Network 1", m.Title)
	assert.Equal(t, "EPANET Example Network 1", n.Name())
	assert.Equal(t, network.Water, n.Kind())
	assert.Equal(t, 12, n.NumNodes()) // 11 nodes and the pump station
	assert.Equal(t, 14, n.NumLinks()) // 12 pipes and the pump's two links

	// Demands: 150+150+100+150+200+150+100+100 = 1100 GPM on 8 consumers;
	// junction 10 draws nothing.
	assert.Len(t, n.Consumers(), 8)
	assert.InDelta(t, 1100*gpm, n.TotalDemand(), 1e-9)
	i, _ := n.NodeIndex("10")
	assert.Equal(t, network.Junction, n.Role(i))
	i, _ = n.NodeIndex("22")
	assert.InDelta(t, 200*gpm, n.Demand(i), 1e-12)
	assert.Equal(t, map[string]string{"epanet_type": "junction", "elevation": "695", "base_demand": "200"}, n.Node(i).Attrs)
	assert.Equal(t, &network.Coord{X: 50, Y: 40}, n.Node(i).Coord)

	// The reservoir is an unlimited source.
	i, _ = n.NodeIndex("9")
	assert.Equal(t, network.Source, n.Role(i))
	assert.True(t, math.IsInf(n.Capacity(i), 1))

	// Tank 2: 50.5 ft across, level 120 ft above a minimum of 100 and below
	// a maximum of 150: 20 and 50 ft of usable depth.
	i, _ = n.NodeIndex("2")
	tank := n.Node(i)
	area := math.Pi * math.Pow(50.5*0.3048, 2) / 4
	assert.Equal(t, network.Storage, tank.Role)
	assert.InDelta(t, 20*0.3048*area, tank.Level, 1e-9)
	assert.InDelta(t, 50*0.3048*area, tank.MaxLevel, 1e-9)
	assert.True(t, math.IsInf(tank.Capacity, 1))

	// Pump 9 with the one-point curve (1500 GPM, 250 ft) delivers up to
	// twice its design flow, 3000 GPM.
	i, ok := n.NodeIndex("pump 9")
	require.True(t, ok)
	assert.Equal(t, network.Station, n.Role(i))
	assert.InDelta(t, 3000*gpm, n.Capacity(i), 1e-9)
	assert.Equal(t, &network.Coord{X: 15, Y: 70}, n.Node(i).Coord) // between 9 and 10
	l, _ := n.LinkIndex("pump 9 in")
	from, to := n.LinkEnds(l)
	assert.Equal(t, []string{"9", "pump 9"}, []string{n.NodeID(from), n.NodeID(to)})
	assert.True(t, n.OneWay(l))
	l, _ = n.LinkIndex("pump 9 out")
	from, to = n.LinkEnds(l)
	assert.Equal(t, []string{"pump 9", "10"}, []string{n.NodeID(from), n.NodeID(to)})
	assert.True(t, n.OneWay(l))

	// Pipe 10: 18 inches at 1.5 m/s.
	l, _ = n.LinkIndex("pipe 10")
	assert.InDelta(t, pipeCap(18*0.0254, 1.5), n.LinkCapacity(l), 1e-9)
	assert.False(t, n.OneWay(l))
	assert.Equal(t, "10530", n.Link(l).Attrs["length"])

	// Patterns: one of 12 two-hour periods.
	assert.Equal(t, []string{"1"}, m.PatternIDs)
	assert.Equal(t, []float64{1.0, 1.2, 1.4, 1.6, 1.4, 1.2, 1.0, 0.8, 0.6, 0.4, 0.6, 0.8}, m.Patterns["1"])
	assert.Equal(t, "1", m.DefaultPattern)
	assert.Equal(t, 2*time.Hour, m.PatternStep)
}

func TestSmall(t *testing.T) {
	m, err := epanet.ReadFile(filepath.Join("testdata", "small.inp"), epanet.Options{})
	require.NoError(t, err)
	n := m.Network
	assert.Equal(t, "Small test network", m.Title)
	assert.Equal(t, epanet.Counts{Junctions: 5, Reservoirs: 2, Tanks: 2, Pipes: 7, Pumps: 4, Valves: 8, Patterns: 2, Curves: 5}, m.Counts)
	assert.Equal(t, "GPM", m.FlowUnits)
	assert.Equal(t, 1.5, m.DemandMultiplier)
	assert.Equal(t, []string{"P3", "PU3", "V6"}, m.Closed)
	assert.Equal(t, []string{"P1", "P2"}, m.PatternIDs)
	assert.Equal(t, map[string][]float64{"P1": {1, 1.5, 2, 0.5}, "P2": {0.8, 1.2}}, m.Patterns)
	assert.Equal(t, "P1", m.DefaultPattern)
	assert.Equal(t, 2*time.Hour, m.PatternStep)
	assert.Equal(t, 30*time.Minute, m.PatternStart)

	node := func(id string) network.Node {
		t.Helper()
		i, ok := n.NodeIndex(id)
		require.True(t, ok, id)
		return n.Node(i)
	}
	const mult = 1.5
	// Junctions: demand × 1.5 × 0.22712470704 m³/h per GPM.
	j1 := node("J1")
	assert.Equal(t, network.Consumer, j1.Role)
	assert.InDelta(t, 100*mult*gpm, j1.Demand, 1e-12)
	assert.Equal(t, 8, j1.Pos.Line)
	assert.Equal(t, "testdata/small.inp", filepath.ToSlash(j1.Pos.File))
	assert.Equal(t, map[string]string{"epanet_type": "junction", "elevation": "100", "base_demand": "100"}, j1.Attrs)
	assert.Equal(t, &network.Coord{X: 0, Y: 0}, j1.Coord)
	assert.Equal(t, network.Junction, node("J2").Role)
	j3 := node("J3") // -50 GPM: an inflow
	assert.Equal(t, network.Source, j3.Role)
	assert.InDelta(t, 50*mult*gpm, j3.Capacity, 1e-12)
	j4 := node("J4") // [DEMANDS] 30 + 10 replace the 20 of [JUNCTIONS]
	assert.Equal(t, network.Consumer, j4.Role)
	assert.InDelta(t, 40*mult*gpm, j4.Demand, 1e-12)
	assert.Equal(t, "40", j4.Attrs["base_demand"])
	assert.Equal(t, network.Junction, node("J5").Role)
	assert.InDelta(t, 140*mult*gpm, n.TotalDemand(), 1e-12)

	// Reservoirs.
	for _, id := range []string{"R1", "R2"} {
		r := node(id)
		assert.Equal(t, network.Source, r.Role)
		assert.True(t, math.IsInf(r.Capacity, 1))
	}
	assert.Equal(t, &network.Coord{X: -10, Y: 0}, node("R1").Coord)
	assert.Equal(t, "P2", node("R2").Attrs["pattern"])

	// T1: 40 ft across (12.192 m, 116.75 m²), levels 2 < 12 < 22 ft.
	const ft = 0.3048
	t1 := node("T1")
	area := math.Pi * (40 * ft) * (40 * ft) / 4
	assert.Equal(t, network.Storage, t1.Role)
	assert.InDelta(t, 10*ft*area, t1.Level, 1e-9)
	assert.InDelta(t, 20*ft*area, t1.MaxLevel, 1e-9)
	assert.InDelta(t, 355.84, t1.Level, 0.01)
	// T2: the volume curve VC1 (0 ft: 0 ft³, 10 ft: 1000 ft³) at levels
	// 1, 5 and 9 ft: 400 and 800 ft³ above the minimum.
	t2 := node("T2")
	assert.InDelta(t, 400*ft*ft*ft, t2.Level, 1e-9)
	assert.InDelta(t, 800*ft*ft*ft, t2.MaxLevel, 1e-9)
	assert.Equal(t, "VC1", t2.Attrs["vol_curve"])

	// Pumps.
	pu1 := node("pump PU1") // one point (1000 GPM, 200 ft): 2000 GPM
	assert.Equal(t, network.Station, pu1.Role)
	assert.InDelta(t, 2000*gpm, pu1.Capacity, 1e-9)
	assert.Equal(t, &network.Coord{X: 0, Y: 0}, pu1.Coord) // between R1 and J2
	// PU2: through (0, 300), (1000, 250), (2000, 150) ft the power function
	// 300 − 50·(q/1000)^c, c = ln 3 / ln 2, falls to zero head at
	// 1000·6^(1/c) GPM; at half speed half that.
	c := math.Log(3) / math.Log(2)
	pu2 := node("pump PU2")
	assert.InDelta(t, 0.5*1000*math.Pow(6, 1/c)*gpm, pu2.Capacity, 1e-9)
	assert.InDelta(t, 351.717, pu2.Capacity, 0.001)
	assert.Nil(t, pu2.Coord)         // J5 has no coordinates
	_, ok := n.NodeIndex("pump PU3") // closed
	assert.False(t, ok)
	assert.True(t, math.IsInf(node("pump PU4").Capacity, 1)) // POWER only

	// Links.
	type want struct {
		from, to string
		cap      float64
		oneWay   bool
	}
	const in = 0.0254
	links := map[string]want{
		"pipe P1":      {"R1", "J1", pipeCap(12*in, 1.5), false},
		"pipe P2":      {"J1", "J2", pipeCap(8*in, 1.5), true},   // CV
		"pipe P4":      {"J3", "J4", pipeCap(10*in, 1.5), false}, // default diameter
		"pipe P5":      {"J4", "T1", pipeCap(6*in, 1.5), false},
		"pipe P6":      {"J2", "T2", pipeCap(10*in, 1.5), false},
		"pipe P7":      {"J5", "J1", pipeCap(10*in, 1.5), false},
		"pump PU1 in":  {"R1", "pump PU1", math.Inf(1), true},
		"pump PU1 out": {"pump PU1", "J2", math.Inf(1), true},
		"pump PU2 in":  {"R2", "pump PU2", math.Inf(1), true},
		"pump PU2 out": {"pump PU2", "J5", math.Inf(1), true},
		"pump PU4 in":  {"J2", "pump PU4", math.Inf(1), true},
		"pump PU4 out": {"pump PU4", "J4", math.Inf(1), true},
		"valve V1":     {"J1", "J4", pipeCap(8*in, 1.5), true},  // PRV
		"valve V2":     {"J4", "J5", 100 * gpm, true},           // FCV 100 GPM
		"valve V3":     {"J5", "J3", pipeCap(6*in, 1.5), false}, // TCV
		"valve V4":     {"J3", "J5", pipeCap(4*in, 1.5), false}, // GPV
		"valve V5":     {"J2", "J5", pipeCap(6*in, 1.5), false}, // FCV forced open
		"valve V7":     {"J4", "J3", pipeCap(6*in, 1.5), false}, // PBV
		"valve V8":     {"J2", "J3", 120 * gpm, true},           // FCV set to 120 GPM
	}
	assert.Equal(t, len(links), n.NumLinks())
	for id, w := range links {
		i, ok := n.LinkIndex(id)
		if !assert.True(t, ok, id) {
			continue
		}
		from, to := n.LinkEnds(i)
		assert.Equal(t, w.from, n.NodeID(from), id)
		assert.Equal(t, w.to, n.NodeID(to), id)
		assert.InDelta(t, w.cap, n.LinkCapacity(i), 1e-9, id)
		assert.Equal(t, w.oneWay, n.OneWay(i), id)
	}
	// A 12-inch pipe at 1.5 m/s: π·0.3048²/4 m² × 1.5 m/s × 3600 s/h.
	i, _ := n.LinkIndex("pipe P1")
	assert.InDelta(t, 394.0157, n.LinkCapacity(i), 1e-4)
	assert.Equal(t, map[string]string{
		"epanet_type": "pipe", "epanet_id": "P1", "length": "1000", "diameter": "12",
		"roughness": "100", "minor_loss": "0", "status": "open",
	}, n.Link(i).Attrs)
	i, _ = n.LinkIndex("pipe P5")
	assert.Equal(t, "0.5", n.Link(i).Attrs["minor_loss"])
	i, _ = n.LinkIndex("valve V8")
	assert.Equal(t, map[string]string{
		"epanet_type": "valve", "epanet_id": "V8", "diameter": "6", "valve_type": "FCV",
		"setting": "80", "status": "120",
	}, n.Link(i).Attrs)
	assert.Equal(t, 50, n.Link(i).Pos.Line)
}

func TestSmallPatterns(t *testing.T) {
	// Periods of 2 h starting 30 min into the patterns: hour 0 is period 0,
	// hour 2 period 1, hour 7 (7.5 h in) period 3.
	tests := []struct {
		hour   int
		p1, p2 float64 // multipliers of P1 (the default) and P2
	}{
		{0, 1.0, 0.8},
		{1, 1.0, 0.8},
		{2, 1.5, 1.2},
		{5, 2.0, 0.8},
		{7, 0.5, 1.2},
		{8, 1.0, 0.8},
	}
	for _, tt := range tests {
		m, err := epanet.ReadFile(filepath.Join("testdata", "small.inp"), epanet.Options{ApplyPatterns: true, PatternHour: tt.hour})
		require.NoError(t, err)
		n := m.Network
		demand := func(id string) float64 {
			i, _ := n.NodeIndex(id)
			return n.Demand(i)
		}
		f := 1.5 * gpm
		assert.InDelta(t, 100*tt.p1*f, demand("J1"), 1e-12, "hour %d", tt.hour)
		assert.InDelta(t, (30+10)*tt.p1*f, demand("J4"), 1e-12, "hour %d", tt.hour) // P1 and the default P1
		i, _ := n.NodeIndex("J3")
		assert.InDelta(t, 50*tt.p2*f, n.Capacity(i), 1e-12, "hour %d", tt.hour)
		got, ok := m.Multiplier("P2", time.Duration(tt.hour)*time.Hour)
		assert.True(t, ok)
		assert.Equal(t, tt.p2, got)
	}
}

func TestMultiplier(t *testing.T) {
	m := &epanet.Model{Patterns: map[string][]float64{"p": {1, 2, 3}}, PatternStep: time.Hour}
	for _, tt := range []struct {
		t    time.Duration
		want float64
	}{
		{0, 1}, {59 * time.Minute, 1}, {time.Hour, 2}, {5 * time.Hour, 3}, {6 * time.Hour, 1},
		{-time.Minute, 3}, {-time.Hour, 3}, {-3 * time.Hour, 1}, {-4*time.Hour - time.Second, 2},
	} {
		got, ok := m.Multiplier("p", tt.t)
		assert.True(t, ok)
		assert.Equal(t, tt.want, got, "t=%v", tt.t)
	}
	_, ok := m.Multiplier("q", 0)
	assert.False(t, ok)
}

// oneJunction is a network with one junction of demand 100 and one pipe of
// diameter 300 (inches or mm), in the given flow units.
func oneJunction(units string) string {
	return "[JUNCTIONS]\nJ 0 100\n[RESERVOIRS]\nR 10\n[PIPES]\nP R J 100 300 100\n[OPTIONS]\nUNITS " + units + "\n"
}

func TestFlowUnits(t *testing.T) {
	const (
		gal  = 3.785411784e-3 // m³
		ft3  = 0.3048 * 0.3048 * 0.3048
		inch = 0.0254
	)
	tests := []struct {
		units  string
		factor float64 // m³/h per unit
		diam   float64 // m per diameter unit
	}{
		{"CFS", ft3 * 3600, inch},
		{"GPM", 0.227124707, inch},
		{"MGD", 1e6 * gal / 24, inch},
		{"IMGD", 1e6 * 4.54609e-3 / 24, inch},
		{"AFD", 43560 * ft3 / 24, inch},
		{"LPS", 3.6, 0.001},
		{"LPM", 0.06, 0.001},
		{"MLD", 1000.0 / 24, 0.001},
		{"CMH", 1, 0.001},
		{"CMD", 1.0 / 24, 0.001},
		{"CMS", 3600, 0.001},
		{"lps", 3.6, 0.001},
	}
	for _, tt := range tests {
		t.Run(tt.units, func(t *testing.T) {
			f, ok := epanet.FlowFactor(tt.units)
			require.True(t, ok)
			assert.InEpsilon(t, tt.factor, f, 1e-9)
			m, err := epanet.Read(strings.NewReader(oneJunction(tt.units)), "u.inp", epanet.Options{})
			require.NoError(t, err)
			assert.Equal(t, strings.ToUpper(tt.units), m.FlowUnits)
			assert.InEpsilon(t, 100*tt.factor, m.Network.TotalDemand(), 1e-9)
			i, _ := m.Network.LinkIndex("pipe P")
			assert.InEpsilon(t, pipeCap(300*tt.diam, 1.5), m.Network.LinkCapacity(i), 1e-12)
		})
	}
	_, ok := epanet.FlowFactor("GPH")
	assert.False(t, ok)
}

func TestVelocityLimit(t *testing.T) {
	for _, v := range []float64{0.5, 1, 2.5} {
		m, err := epanet.Read(strings.NewReader(oneJunction("LPS")), "v.inp", epanet.Options{VelocityLimit: v})
		require.NoError(t, err)
		i, _ := m.Network.LinkIndex("pipe P")
		assert.InDelta(t, pipeCap(0.3, v), m.Network.LinkCapacity(i), 1e-9)
	}
	for _, opt := range []epanet.Options{
		{VelocityLimit: -1},
		{VelocityLimit: math.NaN()},
		{VelocityLimit: math.Inf(1)},
		{ApplyPatterns: true, PatternHour: -1},
		{ApplyPatterns: true, PatternHour: 2_000_000},
	} {
		_, err := epanet.Read(strings.NewReader(oneJunction("LPS")), "v.inp", opt)
		assert.Error(t, err)
		assert.False(t, errors.Is(err, network.ErrInvalid), "%+v", opt)
	}
}

func TestFormatDetails(t *testing.T) {
	// CR LF line ends, a byte order mark, upper- and lower-case keywords,
	// sections in any order, tabs, comments and a file without a final
	// line end.
	src := "\uFEFF[pipes]\r\n" +
		"P1\tR\tJ1\t100\t150\t100\t0\tcv ; a check valve\r\n" +
		"[Junctions]\r\n" +
		" J1 5 2.5 ; ID Elev Demand\r\n" +
		"J2 5\r\n" +
		"\r\n" +
		"[RESERVOIRS]\r\n" +
		"R 50\r\n" +
		"[PIPES]\r\n" +
		"P2 J1 J2 100 100 100 0.2\r\n" +
		"[OPTIONS]\r\n" +
		"units lps\r\n" +
		"demand multiplier 2\r\n" +
		"[TIMES]\r\n" +
		"pattern timestep 900 sec\r\n" +
		"[COORDINATES]\r\n" +
		"J1 1.5 -2e3"
	m, err := epanet.Read(strings.NewReader(src), "f.inp", epanet.Options{})
	require.NoError(t, err)
	n := m.Network
	assert.Equal(t, epanet.Counts{Junctions: 2, Reservoirs: 1, Pipes: 2}, m.Counts)
	assert.InDelta(t, 2.5*2*3.6, n.TotalDemand(), 1e-12)
	assert.Equal(t, 15*time.Minute, m.PatternStep)
	assert.Equal(t, "", m.DefaultPattern) // no pattern 1
	i, _ := n.LinkIndex("pipe P1")
	assert.True(t, n.OneWay(i))
	assert.Equal(t, 2, n.Link(i).Pos.Line)
	i, _ = n.NodeIndex("J1")
	assert.Equal(t, &network.Coord{X: 1.5, Y: -2000}, n.Node(i).Coord)
	assert.Equal(t, 4, n.Node(i).Pos.Line)
	i, _ = n.LinkIndex("pipe P2")
	assert.Equal(t, "0.2", n.Link(i).Attrs["minor_loss"])

	// Times written in other ways.
	for spec, want := range map[string]time.Duration{
		"1:30": 90 * time.Minute, "0:00:45": 45 * time.Second, "2": 2 * time.Hour,
		"0.25 hours": 15 * time.Minute, "1 day": 24 * time.Hour, "5 MIN": 5 * time.Minute,
	} {
		m, err := epanet.Read(strings.NewReader(oneJunction("CMH")+"[TIMES]\nPATTERN START "+spec+"\n"), "t.inp", epanet.Options{})
		require.NoError(t, err, spec)
		assert.Equal(t, want, m.PatternStart, spec)
	}
}

func TestStatusRanges(t *testing.T) {
	src := "[JUNCTIONS]\nJ1 0 1\nJ2 0 1\n[RESERVOIRS]\nR 1\n[PIPES]\n" +
		"1 R J1\n2 R J1\n3 R J2\n10 R J2\nA J1 J2\nB J1 J2\nC J1 J2\n" +
		"[STATUS]\n2 3 CLOSED\nA B closed\nB open\n"
	m, err := epanet.Read(strings.NewReader(src), "s.inp", epanet.Options{})
	require.NoError(t, err)
	// 2 to 3 by number (10 is above 3), A to B by name, then B reopened.
	assert.Equal(t, []string{"2", "3", "A"}, m.Closed)
	assert.Equal(t, 4, m.Network.NumLinks())
}

func TestErrors(t *testing.T) {
	const ok = "[JUNCTIONS]\nJ1 0 10\n[RESERVOIRS]\nR1 100\n[PIPES]\nP1 R1 J1 100 12 100\n" // lines 1-6
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"bad number", "[JUNCTIONS]\n;ID Elev Demand\n10 100 abc\n[RESERVOIRS]\nR 1\n",
			[]string{`Net1.inp:3: junction "10": demand: not a number "abc"`}},
		{"number out of range", ok + "[JUNCTIONS]\nJ2 1e999\n",
			[]string{`Net1.inp:8: junction "J2": elevation: number "1e999" out of range`}},
		{"NaN", ok + "[JUNCTIONS]\nJ2 NaN\n",
			[]string{`Net1.inp:8: junction "J2": elevation: not a number "NaN"`}},
		{"unknown node", ok + "P2 J1 X 100 12 100\n",
			[]string{`Net1.inp:7: pipe "P2": node2: unknown node "X"`}},
		{"unknown nodes, nodes after links", "[PIPES]\nP1 A B\n[JUNCTIONS]\nB 0\n[TANKS]\nT 0 1 0 2 10\n",
			[]string{`Net1.inp:2: pipe "P1": node1: unknown node "A"`}},
		{"same node twice", ok + "P2 J1 J1\n",
			[]string{`Net1.inp:7: pipe "P2": node2: same as node1 "J1"`}},
		{"duplicate node", ok + "[TANKS]\nJ1 0 1 0 2 10\n",
			[]string{`Net1.inp:8: tank "J1": id: duplicate node ID (a junction on line 2)`}},
		{"duplicate link", ok + "[VALVES]\nP1 J1 R1 12 TCV 1\n",
			[]string{`Net1.inp:8: valve "P1": id: duplicate link ID (a pipe on line 6)`}},
		{"pipe values", ok + "P2 J1 R1 0 -3 100 x\nP3 J1 R1 10 12 100 0 Shut\n",
			[]string{
				`Net1.inp:7: pipe "P2": length: must be greater than 0, got 0`,
				`Net1.inp:7: pipe "P2": diameter: must be greater than 0, got -3`,
				`Net1.inp:7: pipe "P2": minor_loss: not a number "x"`,
				`Net1.inp:8: pipe "P3": status: want OPEN, CLOSED or CV, got "Shut"`,
			}},
		{"pipe too short", ok + "P2 J1\n",
			[]string{`Net1.inp:7: pipe "P2": node2: missing value`}},
		{"tank", ok + "[TANKS]\nT1 0 1 2 3\nT2 0 5 1 4 10\nT3 0 1 2 1 10\nT4 0 1 0 2 0\nT5 0 1 -1 2 10 0 * maybe\n",
			[]string{
				`Net1.inp:8: tank "T1": diameter: missing value`,
				`Net1.inp:9: tank "T2": init_level: initial level 5 outside [1, 4]`,
				`Net1.inp:10: tank "T3": max_level: maximum level 1 below minimum level 2`,
				`Net1.inp:11: tank "T4": diameter: must be greater than 0 unless a volume curve is given`,
				`Net1.inp:12: tank "T5": min_level: negative value -1`,
				`Net1.inp:12: tank "T5": overflow: want YES or NO, got "maybe"`,
			}},
		{"reservoir", ok + "[RESERVOIRS]\nR2\nR3 1 NOPAT\n",
			[]string{
				`Net1.inp:8: reservoir "R2": head: missing value`,
				`Net1.inp:9: reservoir "R3": pattern: unknown pattern "NOPAT"`,
			}},
		{"unknown pattern and curve", ok + "[JUNCTIONS]\nJ2 0 1 PX\n[TANKS]\nT 0 1 0 2 0 0 CX\n[PUMPS]\nPU R1 J1 HEAD CY PATTERN PY\n",
			[]string{
				`Net1.inp:8: junction "J2": pattern: unknown pattern "PX"`,
				`Net1.inp:10: tank "T": vol_curve: unknown curve "CX"`,
				`Net1.inp:12: pump "PU": pattern: unknown pattern "PY"`,
				`Net1.inp:12: pump "PU": head: unknown curve "CY"`,
			}},
		{"pump parameters", ok + "[PUMPS]\nU1 R1 J1\nU2 R1 J1 HEAD\nU3 R1 J1 FLOW 3\nU4 R1 J1 POWER 0\nU5 R1 J1 SPEED -1 HEAD C\n[CURVES]\nC 1 1\n",
			[]string{
				`Net1.inp:8: pump "U1": head: no HEAD curve or POWER given`,
				`Net1.inp:9: pump "U2": head: missing value`,
				`Net1.inp:10: pump "U3": parameters: unknown keyword "FLOW" (want HEAD, POWER, SPEED or PATTERN)`,
				`Net1.inp:11: pump "U4": power: must be greater than 0, got 0`,
				`Net1.inp:12: pump "U5": speed: negative value -1`,
			}},
		{"pump curves", ok + "[PUMPS]\nU1 R1 J1 HEAD C1\nU2 R1 J1 HEAD C2\nU3 R1 J1 HEAD C3\nU4 R1 J1 HEAD C4\n" +
			"[CURVES]\nC1 0 10\nC2 0 10\nC2 5 12\nC2 10 1\nC3 1 10\nC3 2 11\nC4 0 5\nC4 0 4\n",
			[]string{
				`Net1.inp:8: pump "U1": head: curve "C1": a one-point curve needs a flow and a head greater than 0`,
				`Net1.inp:9: pump "U2": head: curve "C2": no power function fits its points (heads must fall as flows rise)`,
				`Net1.inp:10: pump "U3": head: curve "C3": heads must fall as flows rise`,
				`Net1.inp:20: curve "C4": x: not increasing: 0 after 0`,
			}},
		{"valves", ok + "[VALVES]\nV1 J1 R1 6 XYZ 1\nV2 J1 R1 0 PRV 1\nV3 J1 R1 6 GPV CZ\nV4 J1 R1 6 FCV -5\nV5 J1 R1 6\n",
			[]string{
				`Net1.inp:8: valve "V1": type: unknown valve type "XYZ" (want PRV, PSV, PBV, FCV, TCV, GPV or PCV)`,
				`Net1.inp:9: valve "V2": diameter: must be greater than 0, got 0`,
				`Net1.inp:10: valve "V3": setting: unknown curve "CZ"`,
				`Net1.inp:11: valve "V4": setting: negative flow setting -5`,
				`Net1.inp:12: valve "V5": type: missing value`,
			}},
		{"demands", ok + "[DEMANDS]\nJ9 5\nR1 5\nJ1 x\nJ1 5 PZ\nJ1\n",
			[]string{
				`Net1.inp:8: demand "J9": junction: unknown junction`,
				`Net1.inp:9: demand "R1": junction: not a junction but a reservoir`,
				`Net1.inp:10: demand "J1": base: not a number "x"`,
				`Net1.inp:11: demand "J1": pattern: unknown pattern "PZ"`,
				`Net1.inp:12: demand "J1": base: missing value`,
			}},
		{"status", ok + "P2 J1 R1 1 1 1 0 CV\n[VALVES]\nV1 J1 R1 6 GPV C\n[CURVES]\nC 0 0\n[STATUS]\nXX OPEN\nP2 CLOSED\nP1 shut\nP1 -1\nV1 2\nP1\nA B C D\n",
			[]string{
				`Net1.inp:13: status "XX": link: unknown link`,
				`Net1.inp:14: status "P2": link: the status of a check valve pipe cannot be set`,
				`Net1.inp:15: status "P1": value: want OPEN, CLOSED or a setting, got "shut"`,
				`Net1.inp:16: status "P1": value: negative setting -1`,
				`Net1.inp:17: status "V1": value: the setting of a GPV is its curve; want OPEN or CLOSED`,
				`Net1.inp:18: status "P1": value: missing value`,
				`Net1.inp:19: status "A": value: want one link (or the first and last of a range) and a value, got 4 fields`,
			}},
		{"patterns and curves", ok + "[PATTERNS]\nP1\nP2 1 x\n[CURVES]\nC1 1\nC2 a 1\nC3 1 2\nC3 0.5 3\n",
			[]string{
				`Net1.inp:8: pattern "P1": multipliers: missing value`,
				`Net1.inp:9: pattern "P2": multipliers: not a number "x"`,
				`Net1.inp:11: curve "C1": y: missing value`,
				`Net1.inp:12: curve "C2": x: not a number "a"`,
				`Net1.inp:14: curve "C3": x: not increasing: 0.5 after 1`,
			}},
		{"options", ok + "[OPTIONS]\nUNITS GPH\nDEMAND MULTIPLIER -2\nUNITS\nPATTERN\n",
			[]string{
				`Net1.inp:8: options: units: unknown flow units "GPH" (want CFS, GPM, MGD, IMGD, AFD, LPS, LPM, MLD, CMH, CMD, CMS)`,
				`Net1.inp:9: options: demand_multiplier: negative value -2`,
				`Net1.inp:10: options: units: missing value`,
				`Net1.inp:11: options: pattern: missing value`,
			}},
		{"times", ok + "[TIMES]\nPATTERN TIMESTEP 0\nPATTERN START soon\nPATTERN START 1 fortnight\nPATTERN TIMESTEP\nPATTERN START 2000000\n",
			[]string{
				`Net1.inp:8: times: pattern_timestep: must be greater than 0`,
				`Net1.inp:9: times: pattern_start: want hours, h:mm[:ss] or a number and SECONDS, MINUTES, HOURS or DAYS, got "soon"`,
				`Net1.inp:10: times: pattern_start: want hours, h:mm[:ss] or a number and SECONDS, MINUTES, HOURS or DAYS, got "1 fortnight"`,
				`Net1.inp:11: times: pattern_timestep: missing value`,
				`Net1.inp:12: times: pattern_start: 2e+06 hours out of range`,
			}},
		{"coordinates", ok + "[COORDINATES]\nJ1 1 2\nZZ 1 2\nJ1 x 2\nR1 1\n",
			[]string{
				`Net1.inp:9: node "ZZ": coordinates: unknown node`,
				`Net1.inp:10: node "J1": x: not a number "x"`,
				`Net1.inp:11: node "R1": y: missing value`,
			}},
		{"empty", "",
			[]string{
				`Net1.inp: network: junctions: none in the file`,
				`Net1.inp: network: reservoirs: no reservoir or tank in the file`,
			}},
		{"not an input file", "hello, world\n[JUNCTIONS\nJ 1\n",
			[]string{
				`Net1.inp: network: junctions: none in the file`,
				`Net1.inp: network: reservoirs: no reservoir or tank in the file`,
			}},
		{"overflow in a conversion", "[JUNCTIONS]\nJ 0 1e308\n[TANKS]\nT 1 1e300 0 1e300 1e300\n[OPTIONS]\nUNITS CFS\n",
			[]string{
				`Net1.inp:2: junction "J": demand: infinite value`,
				`Net1.inp:4: tank "T": level: infinite value`,
				`Net1.inp:4: tank "T": max_level: infinite value`,
			}},
		{"after END", ok + "[END]\n[PIPES]\nP9 X Y\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := epanet.Read(strings.NewReader(tt.src), "Net1.inp", epanet.Options{})
			if tt.want == nil {
				require.NoError(t, err)
				require.NotNil(t, m.Network)
				return
			}
			require.Error(t, err)
			assert.Nil(t, m)
			assert.True(t, errors.Is(err, network.ErrInvalid))
			var got []string
			for _, p := range network.Problems(err) {
				got = append(got, p.Error())
				assert.Equal(t, "Net1.inp", p.Pos.File)
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, strings.Join(tt.want, "\n"), err.Error())
		})
	}
}

func TestFieldErrorParts(t *testing.T) {
	_, err := epanet.Read(strings.NewReader("[JUNCTIONS]\n10 100 abc\n[RESERVOIRS]\nR 1\n"), "net.inp", epanet.Options{})
	var fe *network.FieldError
	require.True(t, errors.As(err, &fe))
	assert.Equal(t, network.FieldError{
		Pos: network.Pos{File: "net.inp", Line: 2}, Element: "junction", ID: "10", Field: "demand", Msg: `not a number "abc"`,
	}, *fe)
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestIOErrors(t *testing.T) {
	_, err := epanet.Read(failingReader{}, "x.inp", epanet.Options{})
	assert.EqualError(t, err, "epanet: reading x.inp: disk on fire")
	assert.False(t, errors.Is(err, network.ErrInvalid))
	_, err = epanet.ReadFile(filepath.Join("testdata", "missing.inp"), epanet.Options{})
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func BenchmarkRead(b *testing.B) {
	for _, name := range []string{"Net1.inp", "Net3.inp", "Net6.inp"} {
		data, err := os.ReadFile(filepath.Join(publicDir, name))
		if err != nil {
			b.Logf("skipping %s: %v", name, err)
			continue
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := epanet.Read(strings.NewReader(string(data)), name, epanet.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
