package synth_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
)

// census counts what a network holds, read back through its public API.
type census struct {
	roles     map[network.Role]int
	classes   map[string]int
	tree      int // links "t…": two-way, parent → station
	feeders   int // links "f…": one-way, station → consumer
	mesh      int // links "m…": two-way, station – station
	zones     int
	unreached int
}

func count(t *testing.T, net *network.Network) census {
	t.Helper()
	c := census{roles: map[network.Role]int{}, classes: map[string]int{}, zones: net.NumZones(), unreached: len(net.Unreached())}
	for i := range net.NumNodes() {
		c.roles[net.Role(i)]++
		if k := net.NodeClass(i); k >= 0 {
			c.classes[net.Class(k).Name]++
		}
	}
	for l := range net.NumLinks() {
		from, to := net.LinkEnds(l)
		id := net.LinkID(l)
		switch id[0] {
		case 't':
			c.tree++
			assert.False(t, net.OneWay(l), id)
			assert.Equal(t, network.Station, net.Role(to), id)
		case 'f':
			c.feeders++
			assert.True(t, net.OneWay(l), id)
			assert.Equal(t, network.Station, net.Role(from), id)
			assert.Equal(t, network.Consumer, net.Role(to), id)
		case 'm':
			c.mesh++
			assert.False(t, net.OneWay(l), id)
			assert.Equal(t, network.Station, net.Role(from), id)
			assert.Equal(t, network.Station, net.Role(to), id)
		default:
			t.Errorf("unexpected link ID %q", id)
		}
	}
	return c
}

func TestGenerateCounts(t *testing.T) {
	tests := []struct {
		name                         string
		p                            synth.Params
		sources, stations, consumers int
		mesh, zones                  int
		classes                      map[string]int
	}{
		{
			name:    "defaults",
			p:       synth.Params{Consumers: 1000},
			sources: 1, stations: 50, consumers: 1000,
			// round(1000·cumulative share): 10, 50, 850, 950, 1000.
			classes: map[string]int{network.Critical: 10, network.Essential: 40, network.Residential: 800, network.Commercial: 100, network.Industrial: 50},
		},
		{
			name:    "mesh and zones",
			p:       synth.Params{Consumers: 100000, MeshShare: 0.05, Zones: 7, Seed: 9},
			sources: 10, stations: 5000, consumers: 100000, mesh: 250, zones: 7,
			classes: map[string]int{network.Critical: 1000, network.Essential: 4000, network.Residential: 80000, network.Commercial: 10000, network.Industrial: 5000},
		},
		{
			name: "explicit counts, one level",
			p: synth.Params{Kind: network.Heat, Sources: 3, Stations: 7, Consumers: 20, Depth: 1, MeshShare: 0.5,
				Zones: 7, ClassMix: [5]float64{0, 0, 3, 0, 1}},
			sources: 3, stations: 7, consumers: 20, mesh: 4, zones: 7, // round(3.5) = 4
			classes: map[string]int{network.Residential: 15, network.Industrial: 5},
		},
		{
			name:    "sources capped by stations",
			p:       synth.Params{Consumers: 50000, Stations: 2, MeshShare: 0.01},
			sources: 2, stations: 2, consumers: 50000, mesh: 0, // round(0.02) = 0
			classes: map[string]int{network.Critical: 500, network.Essential: 2000, network.Residential: 40000, network.Commercial: 5000, network.Industrial: 2500},
		},
		{
			name:    "single consumer",
			p:       synth.Params{Consumers: 1, ClassMix: [5]float64{1}},
			sources: 1, stations: 1, consumers: 1,
			classes: map[string]int{network.Critical: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			net, err := synth.Generate(tt.p)
			require.NoError(t, err)
			c := count(t, net)
			assert.Equal(t, tt.sources+tt.stations+tt.consumers, net.NumNodes())
			assert.Equal(t, tt.stations+tt.consumers+tt.mesh, net.NumLinks())
			assert.Equal(t, map[network.Role]int{network.Source: tt.sources, network.Station: tt.stations, network.Consumer: tt.consumers}, c.roles)
			assert.Equal(t, tt.classes, c.classes)
			assert.Equal(t, tt.stations, c.tree)
			assert.Equal(t, tt.consumers, c.feeders)
			assert.Equal(t, tt.mesh, c.mesh)
			assert.Equal(t, tt.zones, c.zones)
			assert.Zero(t, c.unreached)
			want := tt.p.Kind
			if want == "" {
				want = network.Power
			}
			assert.Equal(t, want, net.Kind())
		})
	}
}

// tree reads the station forest back from the tree links and feeders.
type tree struct {
	parent   []int   // node → parent node over a tree link or feeder, -1 for none
	children [][]int // node → children
}

func readTree(t *testing.T, net *network.Network) tree {
	t.Helper()
	n := net.NumNodes()
	tr := tree{parent: make([]int, n), children: make([][]int, n)}
	for i := range tr.parent {
		tr.parent[i] = -1
	}
	for l := range net.NumLinks() {
		if id := net.LinkID(l); id[0] == 't' || id[0] == 'f' {
			from, to := net.LinkEnds(l)
			require.Equal(t, -1, tr.parent[to], "node %s has two parents", net.NodeID(to))
			tr.parent[to] = from
			tr.children[from] = append(tr.children[from], to)
		}
	}
	return tr
}

// subtreeDemand sums the demand below v, recursively: an oracle independent
// of the generator's bottom-up pass.
func (tr tree) subtreeDemand(net *network.Network, v int) float64 {
	d := net.Demand(v)
	for _, w := range tr.children[v] {
		d += tr.subtreeDemand(net, w)
	}
	return d
}

func relEqual(t *testing.T, want, got float64, msgAndArgs ...any) {
	t.Helper()
	assert.InEpsilon(t, want, got, 1e-9, msgAndArgs...)
}

func TestGenerateDemandAndCapacity(t *testing.T) {
	tests := []synth.Params{
		{Consumers: 2000, MeshShare: 0.1, Zones: 4, Seed: 1},
		{Kind: network.Heat, Consumers: 3000, Sources: 4, Stations: 300, Depth: 3, MeshShare: 0.05,
			TotalDemand: 12345.678, SupplyMargin: 0.9, LinkMargin: 2, Seed: 2},
		{Kind: network.Water, Consumers: 500, Stations: 500, Sources: 5, TotalDemand: 1e6, Seed: 3},
	}
	for _, p := range tests {
		t.Run(string(p.Kind), func(t *testing.T) {
			net, err := synth.Generate(p)
			require.NoError(t, err)
			total := p.TotalDemand
			if total == 0 {
				total = 1000 * float64(p.Consumers)
			}
			supply, link := p.SupplyMargin, p.LinkMargin
			if supply == 0 {
				supply = 1.2
			}
			if link == 0 {
				link = 1.5
			}
			depth := p.Depth
			if depth == 0 {
				depth = 4
			}
			relEqual(t, total, net.TotalDemand(), "total demand")

			tr := readTree(t, net)
			var capSum float64
			for v := range net.NumNodes() {
				id := net.NodeID(v)
				switch net.Role(v) {
				case network.Source:
					assert.Equal(t, -1, tr.parent[v], id)
					assert.NotEmpty(t, tr.children[v], id)
					capSum += net.Capacity(v)
					relEqual(t, supply*tr.subtreeDemand(net, v), net.Capacity(v), id)
				case network.Station:
					require.NotEqual(t, -1, tr.parent[v], id)
					assert.Less(t, tr.parent[v], v, "%s: parent after station", id)
					assert.NotEmpty(t, tr.children[v], id)
					relEqual(t, link*tr.subtreeDemand(net, v), net.Capacity(v), id)
					level := 0
					for u := v; net.Role(u) == network.Station; u = tr.parent[u] {
						level++
					}
					assert.LessOrEqual(t, level, depth, id)
				case network.Consumer:
					assert.Greater(t, net.Demand(v), 0.0, id)
					assert.Len(t, net.Incident(v), 1, id)
					n := net.Node(v)
					assert.GreaterOrEqual(t, n.Customers, 1, id)
					assert.LessOrEqual(t, n.Customers, 500, id)
					if p.Kind == network.Heat {
						q := 1000 * n.Demand / n.Area
						assert.True(t, q >= 50 && q <= 90, "%s: %g W/m²", id, q)
					} else {
						assert.Zero(t, n.Area, id)
					}
					assert.Equal(t, net.NodeZone(tr.parent[v]), net.NodeZone(v), "%s: zone of its station", id)
				}
				assert.NotNil(t, net.Node(v).Coord, id)
			}
			relEqual(t, supply*total, capSum, "total source capacity")

			for l := range net.NumLinks() {
				from, to := net.LinkEnds(l)
				id := net.LinkID(l)
				switch id[0] {
				case 't':
					assert.Equal(t, net.Capacity(to), net.LinkCapacity(l), id)
				case 'f':
					relEqual(t, link*net.Demand(to), net.LinkCapacity(l), id)
				case 'm':
					relEqual(t, link*min(tr.subtreeDemand(net, from), tr.subtreeDemand(net, to)), net.LinkCapacity(l), id)
				}
			}
		})
	}
}

func TestGenerateZonesAndMesh(t *testing.T) {
	p := synth.Params{Consumers: 20000, MeshShare: 0.2, Zones: 10, Seed: 5}
	net, err := synth.Generate(p)
	require.NoError(t, err)
	tr := readTree(t, net)

	// Zones are contiguous runs of stations in order, none empty.
	perZone := make([]int, net.NumZones())
	last := 0
	for v := range net.NumNodes() {
		if net.Role(v) != network.Station {
			continue
		}
		z := net.NodeZone(v)
		require.GreaterOrEqual(t, z, last, net.NodeID(v))
		perZone[z]++
		last = z
	}
	for z, n := range perZone {
		assert.InDelta(t, 1000/10, n, 1, "stations in zone %s", net.ZoneID(z))
	}

	// Mesh links stay in their zone and duplicate neither a tree link nor
	// each other.
	seen := map[[2]int]bool{}
	for l := range net.NumLinks() {
		id := net.LinkID(l)
		if id[0] != 'm' {
			continue
		}
		from, to := net.LinkEnds(l)
		assert.Less(t, from, to, id)
		assert.Equal(t, net.NodeZone(from), net.NodeZone(to), id)
		assert.NotEqual(t, from, tr.parent[to], "%s parallels a tree link", id)
		assert.False(t, seen[[2]int{from, to}], "%s duplicates a mesh link", id)
		seen[[2]int{from, to}] = true
	}
	assert.Len(t, seen, 200)

	// Without zones, a network still meshes and is fully reached.
	p.Zones = 0
	net, err = synth.Generate(p)
	require.NoError(t, err)
	assert.Zero(t, net.NumZones())
	assert.Equal(t, -1, net.NodeZone(0))
	assert.Equal(t, 200, count(t, net).mesh)
}

// equalNetworks compares two networks element by element.
func equalNetworks(t *testing.T, a, b *network.Network) bool {
	t.Helper()
	if a.NumNodes() != b.NumNodes() || a.NumLinks() != b.NumLinks() || a.NumZones() != b.NumZones() {
		return false
	}
	for i := range a.NumNodes() {
		if !assert.ObjectsAreEqual(a.Node(i), b.Node(i)) {
			return false
		}
	}
	for i := range a.NumLinks() {
		if !assert.ObjectsAreEqual(a.Link(i), b.Link(i)) {
			return false
		}
	}
	return true
}

func TestGenerateDeterministic(t *testing.T) {
	p := synth.Params{Kind: network.Heat, Consumers: 5000, MeshShare: 0.05, Zones: 3, Seed: 42}
	a, err := synth.Generate(p)
	require.NoError(t, err)
	b, err := synth.Generate(p)
	require.NoError(t, err)
	assert.True(t, equalNetworks(t, a, b), "same params, different networks")

	// Pinned values guard the streams against accidental change.
	c0, _ := a.NodeIndex("c0")
	assert.Equal(t, 493.8750425017255, a.Demand(c0))
	assert.Equal(t, 49, a.Customers(c0))
	lastMesh := a.Link(a.NumLinks() - 1)
	assert.Equal(t, [2]string{"st91", "st119"}, [2]string{lastMesh.From, lastMesh.To})

	p.Seed = 43
	c, err := synth.Generate(p)
	require.NoError(t, err)
	assert.False(t, equalNetworks(t, a, c), "different seeds, same network")
	assert.Equal(t, a.NumNodes(), c.NumNodes())
	assert.Equal(t, a.NumLinks(), c.NumLinks())
	same := 0
	for _, v := range a.Consumers() {
		if a.Demand(int(v)) == c.Demand(int(v)) {
			same++
		}
	}
	assert.Less(t, same, 10, "demands barely depend on the seed")
}

func TestGenerateClassShares(t *testing.T) {
	const n = 100000
	p := synth.Params{Consumers: n, ClassMix: [5]float64{1, 2, 3, 4, 0}, Seed: 7}
	net, err := synth.Generate(p)
	require.NoError(t, err)
	c := count(t, net)
	assert.Equal(t, map[string]int{network.Critical: 10000, network.Essential: 20000, network.Residential: 30000, network.Commercial: 40000}, c.classes)

	// Classes are shuffled over the consumers: the first half holds about
	// half of each class. Hypergeometric: sd of the count of critical
	// consumers in the first half ≈ sqrt(10000 · 0.5 · 0.5 · 0.9) ≈ 47;
	// allow 5 sd.
	crit, _ := net.ClassIndex(network.Critical)
	first := 0
	for _, v := range net.Consumers()[:n/2] {
		if net.NodeClass(int(v)) == crit {
			first++
		}
	}
	assert.InDelta(t, 5000, first, 5*47)

	// Median demand by class: the class medians are in ratio 4:2:1:2:8
	// (critical, essential, residential, commercial, industrial).
	medians := classMedians(net)
	assert.InEpsilon(t, 4, medians[network.Critical]/medians[network.Residential], 0.05)
	assert.InEpsilon(t, 2, medians[network.Essential]/medians[network.Residential], 0.05)
	assert.InEpsilon(t, 2, medians[network.Commercial]/medians[network.Residential], 0.05)
}

func classMedians(net *network.Network) map[string]float64 {
	by := map[string][]float64{}
	for _, v := range net.Consumers() {
		name := net.Class(net.NodeClass(int(v))).Name
		by[name] = append(by[name], net.Demand(int(v)))
	}
	out := map[string]float64{}
	for name, ds := range by {
		out[name] = quickMedian(ds)
	}
	return out
}

// quickMedian returns the lower median of xs, reordering xs.
func quickMedian(xs []float64) float64 {
	k := (len(xs) - 1) / 2
	lo, hi := 0, len(xs)-1
	for lo < hi {
		pivot := xs[(lo+hi)/2]
		i, j := lo, hi
		for i <= j {
			for xs[i] < pivot {
				i++
			}
			for xs[j] > pivot {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return xs[k]
		}
	}
	return xs[k]
}

func TestGenerateBadParams(t *testing.T) {
	tests := []struct {
		name string
		p    synth.Params
		want []string // every substring must appear
	}{
		{"no consumers", synth.Params{}, []string{"Params.Consumers: 0 consumers; need at least 1"}},
		{"negative counts", synth.Params{Consumers: 10, Sources: -1, Stations: -2, Zones: -3, Depth: -4},
			[]string{"Params.Sources: negative value -1", "Params.Stations: negative value -2", "Params.Zones: negative value -3", "Params.Depth: negative value -4"}},
		{"deep", synth.Params{Consumers: 10, Depth: 65}, []string{"Params.Depth: 65 levels; at most 64"}},
		{"kind", synth.Params{Consumers: 10, Kind: "steam"}, []string{`Params.Kind: unknown kind "steam"`}},
		{"too many stations", synth.Params{Consumers: 10, Stations: 11}, []string{"Params.Stations: 11 stations exceed the 10 consumers"}},
		{"too many sources", synth.Params{Consumers: 10, Stations: 2, Sources: 3}, []string{"Params.Sources: 3 sources exceed the 2 stations"}},
		{"too many zones", synth.Params{Consumers: 10, Stations: 2, Zones: 3}, []string{"Params.Zones: 3 zones exceed the 2 stations"}},
		{"NaN and infinities", synth.Params{Consumers: 10, MeshShare: math.NaN(), TotalDemand: math.Inf(1), SupplyMargin: -1, LinkMargin: math.NaN()},
			[]string{"Params.MeshShare: not a number", "Params.TotalDemand: infinite value", "Params.SupplyMargin: negative value -1", "Params.LinkMargin: not a number"}},
		{"bad mix", synth.Params{Consumers: 10, ClassMix: [5]float64{1, math.NaN(), 0, -2, 0}},
			[]string{"Params.ClassMix[1] (essential): not a number", "Params.ClassMix[3] (commercial): negative value -2"}},
		{"mix overflows", synth.Params{Consumers: 10, ClassMix: [5]float64{math.MaxFloat64, math.MaxFloat64}}, []string{"Params.ClassMix: shares sum to an infinite value"}},
		{"mesh on one station", synth.Params{Consumers: 10, Stations: 1, MeshShare: 1}, []string{"Params.MeshShare: 1 gives 1 mesh links but there is only one station"}},
		{"capacity overflows", synth.Params{Consumers: 10, TotalDemand: math.MaxFloat64}, []string{"Params.TotalDemand: 1.7976931348623157e+308 × margin overflows"}},
		{"capacity underflows", synth.Params{Consumers: 10, TotalDemand: 1e-300}, []string{"Params.TotalDemand: 1e-300 over 10 consumers with margins 1.2 and 1.5 gives capacities too small to represent"}},
		{"too large", synth.Params{Consumers: math.MaxInt32}, []string{"exceed the network's limit"}},
		{"mesh too large", synth.Params{Consumers: 10, MeshShare: 1e10}, []string{"Params.MeshShare: 1e+10 × 1 stations gives too many links"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			net, err := synth.Generate(tt.p)
			require.Error(t, err)
			assert.Nil(t, net)
			assert.ErrorIs(t, err, synth.ErrParams)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.Len(t, strings.Split(err.Error(), "\n"), len(tt.want), "one line per problem:\n%v", err)
		})
	}
}

func TestSize(t *testing.T) {
	tests := []struct {
		nodes                        int
		sources, stations, consumers int
		zones                        int
	}{
		// consumers ≈ nodes / 1.0501, stations = consumers/20, sources =
		// max(1, consumers/10000), consumers take up the rest.
		{1, 1, 1, 1, 1},
		{3, 1, 1, 1, 1},
		{1000, 1, 47, 952, 1},
		{10000, 1, 476, 9523, 2},
		{1000000, 95, 47614, 952291, 200},
	}
	for _, tt := range tests {
		p := synth.Size(tt.nodes, 0.05, 11)
		assert.Equal(t, tt.sources, p.Sources, "nodes %d", tt.nodes)
		assert.Equal(t, tt.stations, p.Stations, "nodes %d", tt.nodes)
		assert.Equal(t, tt.consumers, p.Consumers, "nodes %d", tt.nodes)
		assert.Equal(t, tt.zones, p.Zones, "nodes %d", tt.nodes)
		assert.Equal(t, 0.05, p.MeshShare)
		assert.Equal(t, uint64(11), p.Seed)
		assert.Equal(t, network.Power, p.Kind)
	}

	net, err := synth.Generate(synth.Size(10000, 0.05, 1))
	require.NoError(t, err)
	assert.Equal(t, 10000, net.NumNodes())
	assert.Equal(t, 476+9523+24, net.NumLinks()) // round(0.05 · 476) = 24 mesh links
	assert.Empty(t, net.Unreached())
}

func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{1e3, 1e4, 1e5, 1e6} {
		p := synth.Size(n, 0.05, 1)
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := synth.Generate(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
