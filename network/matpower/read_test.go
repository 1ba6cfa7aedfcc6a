package matpower_test

import (
	"bufio"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/matpower"
)

// publicCase describes one public case with its well-known sizes and
// totals, summed by hand from the files.
type publicCase struct {
	path                  string
	buses, gens, branches int
	loadMW                float64 // Σ Pd, negative loads included
	posLoadMW             float64 // Σ Pd over buses with Pd > 0
	loadBuses, negLoads   int     // buses with Pd > 0 and with Pd < 0
	pmaxMW                float64 // Σ Pmax of in-service generators
	zones                 int
	slackBus, slackGen    int
	gsMW, otherPgMW       float64 // Σ Gs and Σ Pg of the non-slack generators
}

var publicCases = []publicCase{
	{path: "case9.m", buses: 9, gens: 3, branches: 9, loadMW: 315, posLoadMW: 315, loadBuses: 3, pmaxMW: 820, zones: 1,
		slackBus: 1, slackGen: 1, otherPgMW: 163 + 85},
	{path: "case14.m", buses: 14, gens: 5, branches: 20, loadMW: 259, posLoadMW: 259, loadBuses: 11, pmaxMW: 772.4, zones: 1,
		slackBus: 1, slackGen: 1, otherPgMW: 40},
	{path: "case118.m", buses: 118, gens: 54, branches: 186, loadMW: 4242, posLoadMW: 4242, loadBuses: 99, pmaxMW: 9966.2, zones: 1,
		slackBus: 69, slackGen: 30},
	{path: "case300.m", buses: 300, gens: 69, branches: 411, loadMW: 23525.85, posLoadMW: 23847.65, loadBuses: 191, negLoads: 8,
		pmaxMW: 32678.435, zones: 4, slackBus: 7049, slackGen: 56},
}

// casePaths returns where each public case is read: the copies in
// testdata (see testdata/README.md).
func casePaths(t *testing.T) map[string][]string {
	t.Helper()
	paths := map[string][]string{}
	for _, pc := range publicCases {
		p := filepath.Join("testdata", pc.path)
		_, err := os.Stat(p)
		require.NoError(t, err)
		paths[pc.path] = []string{p}
	}
	return paths
}

// scanRows counts the data rows of mpc.<name> by lines, independently of
// the package's reader: the lines between "mpc.name = [" and "];" that hold
// something besides a comment.
func scanRows(t *testing.T, path, name string) int {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	n, in := 0, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '%'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "mpc."+name+" = ["):
			in = true
		case in && strings.HasPrefix(line, "]"):
			return n
		case in && line != "":
			n++
		}
	}
	t.Fatalf("%s: no matrix mpc.%s", path, name)
	return 0
}

func TestReadPublicCases(t *testing.T) {
	paths := casePaths(t)
	for _, pc := range publicCases {
		for _, path := range paths[pc.path] {
			t.Run(path, func(t *testing.T) {
				c, err := matpower.ReadFile(path)
				require.NoError(t, err)
				assert.Equal(t, strings.TrimSuffix(pc.path, ".m"), c.Name)
				assert.Equal(t, path, c.File)
				assert.Equal(t, 100.0, c.BaseMVA)
				assert.Len(t, c.Buses, scanRows(t, path, "bus"))
				assert.Len(t, c.Gens, scanRows(t, path, "gen"))
				assert.Len(t, c.Branches, scanRows(t, path, "branch"))
				assert.Len(t, c.Buses, pc.buses)
				assert.Len(t, c.Gens, pc.gens)
				assert.Len(t, c.Branches, pc.branches)

				var load, posLoad, pmax float64
				var loadBuses, negLoads, slacks int
				for _, b := range c.Buses {
					load += b.Pd
					if b.Pd > 0 {
						posLoad += b.Pd
						loadBuses++
					}
					if b.Pd < 0 {
						negLoads++
					}
					if b.Type == 3 {
						slacks++
						assert.Equal(t, pc.slackBus, b.ID)
					}
				}
				for _, g := range c.Gens {
					if g.Status > 0 {
						pmax += g.Pmax
					}
				}
				assert.InDelta(t, pc.loadMW, load, 1e-6)
				assert.InDelta(t, pc.posLoadMW, posLoad, 1e-6)
				assert.Equal(t, pc.loadBuses, loadBuses)
				assert.Equal(t, pc.negLoads, negLoads)
				assert.InDelta(t, pc.pmaxMW, pmax, 1e-6)
				assert.Equal(t, 1, slacks)
				// Rows carry their lines: the first bus row follows the
				// "mpc.bus = [" line.
				assert.Equal(t, scanLine(t, path, "mpc.bus = [")+1, c.Buses[0].Line)
			})
		}
	}
}

// scanLine returns the 1-based line of the first line starting with prefix.
func scanLine(t *testing.T, path, prefix string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	for i, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, prefix) {
			return i + 1
		}
	}
	t.Fatalf("%s: no line %q", path, prefix)
	return 0
}

// The first rows of case9, field by field.
func TestReadCase9Values(t *testing.T) {
	c, err := matpower.ReadFile("testdata/case9.m")
	require.NoError(t, err)
	assert.Equal(t, matpower.Bus{ID: 5, Type: 1, Pd: 90, Qd: 30, Area: 1, Vm: 1, Va: 0, BaseKV: 345, Zone: 1, Line: 33}, c.Buses[4])
	assert.Equal(t, matpower.Gen{Bus: 2, Pg: 163, Qg: 6.54, Qmax: 300, Qmin: -300, Vg: 1.025, MBase: 100, Status: 1, Pmax: 300, Pmin: 10, Line: 44}, c.Gens[1])
	assert.Equal(t, matpower.Branch{From: 5, To: 6, R: 0.039, X: 0.17, B: 0.358, RateA: 150, RateB: 150, RateC: 150, Status: 1, Line: 53}, c.Branches[2])
}

// The parts of the MATLAB syntax that case files use.
func TestReadSyntax(t *testing.T) {
	const src = "\uFEFF" + `function c = tiny   % header with a comment
%TINY  two buses
%{
mpc.bus = [ this block comment is skipped ];
%}
c.version = "2";
c.baseMVA = 1e2;
c.bus = [1, 3, 0, 0, 0, 0, 1, 1.0, 0, 345, 1, 1.1, 0.9
	2 1 12.5E+1 .5 1e-3 0 1 1 -1.5 345 2 ...  continued on the next line
	1.1 0.9 ];
c.gen = [ 1 130 0 Inf -Inf 1 100 1 +250 -10 ];
c.branch = [
	% a comment line inside the matrix

	1	2	0.01	0.1	0	0	0	0	0.98	-2	1	-360	360;
];
c.gencost = [ 2 0 0 3 0.1 5 0 ];
c.bus_name = {
	'Bus 1 % not a comment; really';
	'O''Hare';
};
c.areas = [1 1];
c.user = struct('a', [1 2; 3 4]); x = c.user.a'; if x(1) == 1, disp('ok'), end

function d = helper
d.bus = 1;
`
	for _, eol := range []string{"\n", "\r\n", "\r"} {
		c, err := matpower.Read(strings.NewReader(strings.ReplaceAll(src, "\n", eol)), "tiny.m")
		require.NoError(t, err, "eol %q", eol)
		assert.Equal(t, "tiny", c.Name)
		assert.Equal(t, 100.0, c.BaseMVA)
		require.Len(t, c.Buses, 2)
		assert.Equal(t, matpower.Bus{ID: 2, Type: 1, Pd: 125, Qd: 0.5, Gs: 1e-3, Area: 1, Vm: 1, Va: -1.5, BaseKV: 345, Zone: 2, Line: 9}, c.Buses[1])
		require.Len(t, c.Gens, 1)
		assert.Equal(t, matpower.Gen{Bus: 1, Pg: 130, Qmax: math.Inf(1), Qmin: math.Inf(-1), Vg: 1, MBase: 100, Status: 1, Pmax: 250, Pmin: -10, Line: 11}, c.Gens[0])
		require.Len(t, c.Branches, 1)
		assert.Equal(t, matpower.Branch{From: 1, To: 2, R: 0.01, X: 0.1, Ratio: 0.98, Angle: -2, Status: 1, Line: 15}, c.Branches[0])
	}
}

// Without a function header the struct is "mpc" and the name comes from
// the file.
func TestReadNoHeader(t *testing.T) {
	c, err := matpower.Read(strings.NewReader(strings.Replace(tinyCase(busRows, genRows, branchRows), "function mpc = tiny\n", "", 1)), "dir/grid.m")
	require.NoError(t, err)
	assert.Equal(t, "grid", c.Name)
	assert.Len(t, c.Buses, 3)
}

const (
	busRows = `	1	3	0	0	0	0	1	1	0	345	1	1.1	0.9;
	2	2	0	0	0	0	1	1	0	345	1	1.1	0.9;
	3	1	90	30	0	0	1	1	0	345	1	1.1	0.9;`
	genRows = `	1	0	0	300	-300	1	100	1	250	10;
	2	60	0	300	-300	1	100	1	300	10;`
	branchRows = `	1	3	0	0.1	0	250	250	250	0	0	1	-360	360;
	2	3	0	0.1	0	50	250	250	0	0	1	-360	360;`
)

// tinyCase writes a case file of three matrices. The bus rows start on
// line 6, the gen rows on line 6+len(bus)+2 and so on.
func tinyCase(bus, gen, branch string) string {
	return "\nfunction mpc = tiny\nmpc.version = '2';\nmpc.baseMVA = 100;\nmpc.bus = [\n" + bus + "\n];\nmpc.gen = [\n" + gen + "\n];\nmpc.branch = [\n" + branch + "\n];\n"
}

// Every problem names the file, the line, the element, the column.
func TestReadErrors(t *testing.T) {
	// Line numbers: bus rows 6-8, gen rows 11-12, branch rows 15-16.
	replace := func(s, old, new string) string {
		r := strings.Replace(s, old, new, 1)
		if r == s {
			panic("no " + old)
		}
		return r
	}
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"short row", tinyCase(replace(busRows, "345	1	1.1	0.9;\n	2", "345;\n	2"), genRows, branchRows),
			[]string{`tiny.m:6: bus "1": row has 10 columns, want at least 13 (bus_i type Pd Qd Gs Bs area Vm Va baseKV zone Vmax Vmin)`}},
		{"ragged rows", tinyCase(busRows, genRows, replace(branchRows, "360	360;\n", "360	360	0	0;\n")),
			[]string{`tiny.m:16: branch "2": row has 13 columns, the first row has 15`}},
		{"short gen", tinyCase(busRows, replace(genRows, "250	10;", "250;"), branchRows),
			[]string{`tiny.m:11: gen "1": row has 9 columns, want at least 10 (bus Pg Qg Qmax Qmin Vg mBase status Pmax Pmin)`}},
		{"not a number", tinyCase(replace(busRows, "90	30", "9O	30"), genRows, replace(branchRows, "0.1", "0.1x")),
			[]string{
				`tiny.m:8: bus "3": Pd: not a number "9O"`,
				`tiny.m:15: branch "1": x: not a number "0.1x"`,
			}},
		{"extra column", tinyCase(busRows, replace(replace(genRows, "10;", "10 0;"), "10;", "10 -;"), branchRows),
			[]string{`tiny.m:12: gen "2": column 11: not a number "-"`}},
		{"minus sign apart", tinyCase(busRows, replace(genRows, "-300	1	100	1	300", "- 300	1	100	1	300"), branchRows),
			[]string{`tiny.m:12: gen "2": row has 11 columns, the first row has 10`}},
		{"missing bus matrix", strings.Replace(tinyCase(busRows, genRows, branchRows), "mpc.bus", "mpc.buses", 1),
			[]string{`tiny.m: missing bus matrix (mpc.bus)`}},
		{"missing everything", "function mpc = tiny\n",
			[]string{
				`tiny.m: missing mpc.baseMVA`,
				`tiny.m: missing bus matrix (mpc.bus)`,
				`tiny.m: missing gen matrix (mpc.gen)`,
				`tiny.m: missing branch matrix (mpc.branch)`,
			}},
		{"unknown buses", tinyCase(busRows, replace(genRows, "2	60", "4	60"), replace(branchRows, "2	3	0", "2	7	0")),
			[]string{
				`tiny.m:12: gen "2": bus: unknown bus 4`,
				`tiny.m:16: branch "2": tbus: unknown bus 7`,
			}},
		{"bad values", tinyCase(replace(replace(busRows, "2	2	0", "2	5	0"), "90	30", "Inf	30"),
			replace(replace(genRows, "100	1	250", "100	1.5	NaN"), "2	60", "2.5	60"), replace(branchRows, "2	3	0	0.1	0	50", "3	3	0	0.1	0	-50")),
			[]string{
				`tiny.m:7: bus "2": type: unknown bus type 5 (want 1 PQ, 2 PV, 3 reference or 4 isolated)`,
				`tiny.m:8: bus "3": Pd: not a finite number: Inf`,
				`tiny.m:11: gen "1": status: not a whole number: 1.5`,
				`tiny.m:11: gen "1": Pmax: NaN is not allowed`,
				`tiny.m:12: gen "2": bus: not a whole number: 2.5`,
				`tiny.m:16: branch "2": rateA: negative rating -50`,
				`tiny.m:16: branch "2": tbus: branch joins bus 3 to itself`,
			}},
		{"duplicate bus", tinyCase(busRows+"\n	3	1	0	0	0	0	1	1	0	345	1	1.1	0.9;\n	0	1	0	0	0	0	1	1	0	345	1	1.1	0.9;", genRows, branchRows),
			[]string{
				`tiny.m:9: bus "3": bus_i: duplicate bus number 3 (first on line 8)`,
				`tiny.m:10: bus "0": bus_i: bus number 0 is not positive`,
			}},
		{"baseMVA", strings.Replace(tinyCase(busRows, genRows, branchRows), "= 100;", "= 0;", 1),
			[]string{`tiny.m:4: baseMVA: want a positive number, got "0"`}},
		{"version 1", strings.Replace(tinyCase(busRows, genRows, branchRows), "'2'", "'1'", 1),
			[]string{`tiny.m: case format version 1 is not supported; want version 2 (function mpc = name, with mpc.bus, mpc.gen, mpc.branch)`}},
		{"version 1 header", "function [baseMVA, bus, gen, branch] = case9\nbaseMVA = 100;\n",
			[]string{`tiny.m: case format version 1 is not supported; want version 2 (function mpc = name, with mpc.bus, mpc.gen, mpc.branch)`}},
		{"expression in matrix", tinyCase(busRows, genRows, replace(branchRows, "0.1	0	50", "sqrt(2)	0	50")),
			[]string{`tiny.m:16: branch: unexpected "(" in the matrix; want numbers`}},
		{"string in matrix", tinyCase(busRows, "	'x' 1", branchRows),
			[]string{`tiny.m:11: gen: unexpected "'x'" in the matrix; want numbers`}},
		{"transposed", strings.Replace(tinyCase(busRows, genRows, branchRows), "];\nmpc.gen", "]';\nmpc.gen", 1),
			[]string{`tiny.m:9: bus: transposed matrix is not supported`}},
		{"scaled", strings.Replace(tinyCase(busRows, genRows, branchRows), "];\nmpc.gen", "] * 2;\nmpc.gen", 1),
			[]string{`tiny.m:9: bus: unexpected "*" after the matrix; expressions are not supported`}},
		{"indexed", tinyCase(busRows, genRows, branchRows) + "mpc.bus(:, 3) = 0;\n",
			[]string{`tiny.m:18: bus: indexed assignment to mpc.bus is not supported`}},
		{"twice", tinyCase(busRows, genRows, branchRows) + "mpc.gen = [];\n",
			[]string{`tiny.m:18: gen: mpc.gen assigned twice (first on line 10)`}},
		{"not closed", strings.TrimSuffix(tinyCase(busRows, genRows, branchRows), "];\n"),
			[]string{`tiny.m:14: branch: matrix mpc.branch is not closed with ]`}},
		{"unterminated string", tinyCase(busRows, genRows, branchRows) + "mpc.bus_name = { 'a; };\n",
			[]string{`tiny.m:18: unterminated string`}},
		{"not a matrix", strings.Replace(tinyCase(busRows, genRows, branchRows), "mpc.gen = [", "mpc.gen = zeros(2, 10); x = [", 1),
			[]string{`tiny.m:10: gen: mpc.gen: want a matrix in [ ]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := matpower.Read(strings.NewReader(tt.src), "tiny.m")
			require.Error(t, err)
			assert.Nil(t, c)
			assert.True(t, errors.Is(err, network.ErrInvalid))
			var got []string
			for _, p := range network.Problems(err) {
				assert.Equal(t, "tiny.m", p.Pos.File)
				got = append(got, p.Error())
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, strings.Join(tt.want, "\n"), err.Error())
		})
	}
}

func TestReadFileMissing(t *testing.T) {
	_, err := matpower.ReadFile(filepath.Join(t.TempDir(), "none.m"))
	require.Error(t, err)
	assert.True(t, errors.Is(err, os.ErrNotExist))
	assert.False(t, errors.Is(err, network.ErrInvalid))
}

func TestNetworkMapping(t *testing.T) {
	paths := casePaths(t)
	for _, pc := range publicCases {
		for _, path := range paths[pc.path] {
			t.Run(path, func(t *testing.T) {
				c, err := matpower.ReadFile(path)
				require.NoError(t, err)
				n, err := c.Network()
				require.NoError(t, err)
				loads := pc.loadBuses + pc.negLoads
				assert.Equal(t, network.Power, n.Kind())
				assert.Equal(t, c.Name, n.Name())
				assert.Equal(t, pc.buses+loads+pc.gens, n.NumNodes())
				assert.Equal(t, loads+pc.gens+pc.branches, n.NumLinks())
				assert.Equal(t, pc.zones, n.NumZones())
				assert.Len(t, n.Consumers(), pc.loadBuses)
				assert.InDelta(t, pc.posLoadMW*1000, n.TotalDemand(), 1e-6)
				assert.Empty(t, n.Unreached())
				var genCap, negCap float64
				for i := range n.NumNodes() {
					if n.Role(i) != network.Source {
						continue
					}
					if strings.HasPrefix(n.NodeID(i), "gen") {
						genCap += n.Capacity(i)
					} else {
						negCap += n.Capacity(i)
					}
				}
				assert.InDelta(t, pc.pmaxMW*1000, genCap, 1e-6)
				assert.InDelta(t, (pc.posLoadMW-pc.loadMW)*1000, negCap, 1e-6)
			})
		}
	}
}

// The elements of case9, one of each kind.
func TestNetworkCase9(t *testing.T) {
	c, err := matpower.ReadFile("testdata/case9.m")
	require.NoError(t, err)
	n, err := c.Network()
	require.NoError(t, err)
	assert.Equal(t, "z1", n.ZoneID(0))

	i, ok := n.NodeIndex("bus5")
	require.True(t, ok)
	bus := n.Node(i)
	assert.Equal(t, network.Junction, bus.Role)
	assert.Equal(t, "z1", bus.Zone)
	assert.Equal(t, network.Pos{File: "testdata/case9.m", Line: 33}, bus.Pos)
	assert.Equal(t, map[string]string{"type": "1", "area": "1", "base_kv": "345", "vm": "1", "va": "0", "gs": "0", "bs": "0"}, bus.Attrs)

	i, ok = n.NodeIndex("load5")
	require.True(t, ok)
	assert.Equal(t, network.Consumer, n.Role(i))
	assert.Equal(t, 90000.0, n.Demand(i))
	_, ok = n.NodeIndex("load4") // no load on bus 4
	assert.False(t, ok)

	i, ok = n.NodeIndex("gen2")
	require.True(t, ok)
	assert.Equal(t, network.Source, n.Role(i))
	assert.Equal(t, 300000.0, n.Capacity(i))
	l, ok := n.LinkIndex("gen2-bus2")
	require.True(t, ok)
	f, to := n.LinkEnds(l)
	assert.Equal(t, "gen2", n.NodeID(f))
	assert.Equal(t, "bus2", n.NodeID(to))
	assert.True(t, math.IsInf(n.LinkCapacity(l), 1))

	l, ok = n.LinkIndex("br3")
	require.True(t, ok)
	f, to = n.LinkEnds(l)
	assert.Equal(t, "bus5", n.NodeID(f))
	assert.Equal(t, "bus6", n.NodeID(to))
	assert.Equal(t, 150000.0, n.LinkCapacity(l))
	assert.Equal(t, map[string]string{"r": "0.039", "x": "0.17", "b": "0.358", "ratio": "0", "angle": "0", "rate_b": "150", "rate_c": "150"}, n.Link(l).Attrs)
	_, ok = n.LinkIndex("load5-bus5")
	assert.True(t, ok)
}

// Out-of-service elements, generators without real power, isolated buses
// and negative loads.
func TestNetworkLeftOut(t *testing.T) {
	src := tinyCase(busRows+"\n	4	4	5	0	0	0	1	1	0	345	0	1.1	0.9;\n	5	1	-20	0	0	0	1	1	0	345	3	1.1	0.9;",
		genRows+"\n	3	0	0	300	-300	1	100	0	100	10;\n	3	0	0	300	-300	1	100	1	0	0;\n	4	5	0	300	-300	1	100	1	50	0;",
		branchRows+"\n	1	2	0	0.1	0	0	0	0	0	0	0	-360	360;\n	3	4	0	0.1	0	0	0	0	0	0	1	-360	360;\n	3	5	0	0.1	0	0	0	0	0	0	1	-360	360;")
	c, err := matpower.Read(strings.NewReader(src), "tiny.m")
	require.NoError(t, err)
	n, err := c.Network()
	require.NoError(t, err)
	var ids []string
	for i := range n.NumNodes() {
		ids = append(ids, n.NodeID(i)+":"+string(n.Role(i)))
	}
	assert.Equal(t, []string{"bus1:junction", "bus2:junction", "bus3:junction", "load3:consumer", "bus4:junction", "load4:consumer",
		"bus5:junction", "load5:source", "gen1:source", "gen2:source"}, ids)
	var links []string
	for l := range n.NumLinks() {
		links = append(links, n.LinkID(l))
	}
	assert.Equal(t, []string{"load3-bus3", "load4-bus4", "load5-bus5", "gen1-bus1", "gen2-bus2", "br1", "br2", "br5"}, links)
	i, _ := n.NodeIndex("load5")
	assert.Equal(t, 20000.0, n.Capacity(i))
	assert.Equal(t, "z3", n.Node(i).Zone)
	i, _ = n.NodeIndex("bus4")
	assert.Equal(t, "", n.Node(i).Zone)
	assert.Equal(t, []string{"load4"}, n.Unreached())
	assert.Equal(t, []string{"z1", "z3"}, []string{n.ZoneID(0), n.ZoneID(1)})
}

// A Case built by hand is validated by the Builder.
func TestNetworkHandMade(t *testing.T) {
	c := &matpower.Case{Name: "hand", BaseMVA: 100,
		Buses:    []matpower.Bus{{ID: 1, Type: 3}},
		Branches: []matpower.Branch{{From: 1, To: 2, X: 0.1, Status: 1}},
	}
	_, err := c.Network()
	require.Error(t, err)
	assert.Equal(t, `link "br1": to: unknown node "bus2"`, err.Error())
}
