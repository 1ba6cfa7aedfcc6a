package main

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/supply"
	"github.com/lifeline-sim/lifeline/supply/dimacs"
)

// exportTo runs "lifeline export" with args and writes the instance to a
// file in a temporary folder, returning its path.
func exportTo(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	require.NoError(t, runExport(args, &out, &errb), errb.String())
	path := filepath.Join(t.TempDir(), "net.max")
	require.NoError(t, os.WriteFile(path, out.Bytes(), 0o644))
	return path
}

// solveDimacs runs "lifeline solve -dimacs path" and returns the value on
// the first line and the other lines.
func solveDimacs(t *testing.T, path string) (float64, []string) {
	t.Helper()
	var out, errb bytes.Buffer
	require.NoError(t, runSolveDimacs([]string{"-dimacs", path}, &out, &errb), errb.String())
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	v, err := strconv.ParseFloat(lines[0], 64)
	require.NoError(t, err, "first line %q is not the value alone", lines[0])
	return v, lines[1:]
}

func TestExportGolden(t *testing.T) {
	path := exportTo(t, "-dimacs", sample)
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	want, err := os.ReadFile("../../supply/dimacs/testdata/city.max")
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}

// On the sample district the capacities are whole kW, so the DIMACS value
// equals the served supply × 1000 exactly: 12800 kW as built (see
// TestSolveJSON), 7700 kW with sub-north and the tie out (sub-south 5000,
// the ring 1900, the backup 800).
func TestSolveDimacsCity(t *testing.T) {
	for _, tc := range []struct {
		out    string
		flowKW float64
	}{{"", 12800}, {"sub-north,tie", 7700}} {
		args := []string{"-dimacs", sample}
		if tc.out != "" {
			args = []string{"-dimacs", "-out", tc.out, sample}
		}
		v, rest := solveDimacs(t, exportTo(t, args...))
		assert.Equal(t, tc.flowKW*dimacs.Factor, v, "-out %q", tc.out)

		net, err := network.ReadFile(sample)
		require.NoError(t, err)
		st := supply.NewState(net)
		for id := range strings.SplitSeq(tc.out, ",") {
			if id != "" {
				require.NoError(t, st.SetOut(id, true))
			}
		}
		res, err := supply.Solve(net, st, supply.Options{})
		require.NoError(t, err)
		assert.Equal(t, res.Total.Served*dimacs.Factor, v, "-out %q", tc.out)

		require.Len(t, rest, 3)
		assert.Regexp(t, `^read [0-9.]+ s \([0-9]+ vertices, [0-9]+ arcs\)$`, rest[0])
		assert.Regexp(t, `^solve [0-9.]+ s$`, rest[1])
		assert.Equal(t, "flow / factor 1000 = "+strconv.FormatFloat(tc.flowKW, 'f', -1, 64), rest[2])
	}
}

// On random synth networks the capacities are not whole, and each is
// rounded: the value agrees with supply.Solve × 1000 within half a unit
// per arc.
func TestSolveDimacsSynth(t *testing.T) {
	for seed := range uint64(4) {
		p := synth.Size(1000+700*int(seed), 0.05+0.3*float64(seed), seed)
		if seed%2 == 1 {
			p.SupplyMargin = 0.8 // a shortage
		}
		net, err := synth.Generate(p)
		require.NoError(t, err)
		doc := filepath.Join(t.TempDir(), "net.json")
		f, err := os.Create(doc)
		require.NoError(t, err)
		require.NoError(t, network.Encode(f, net, network.JSON))
		require.NoError(t, f.Close())

		v, rest := solveDimacs(t, exportTo(t, "-dimacs", doc))
		res, err := supply.Solve(net, nil, supply.Options{})
		require.NoError(t, err)
		arcs := 2*net.NumLinks() + net.NumNodes()
		assert.InDelta(t, res.Total.Served*dimacs.Factor, v, 0.5*float64(arcs), "seed %d: %v", seed, rest)
		assert.Equal(t, math.Round(v), v)
		if seed%2 == 1 {
			assert.Less(t, v, 0.81*net.TotalDemand()*dimacs.Factor, "seed %d should ration", seed)
		}
	}
}

func TestExportBadInput(t *testing.T) {
	for _, args := range [][]string{
		{sample},    // no format
		{"-dimacs"}, // no path
		{"-dimacs", "-out", "nope", sample},
		{"-dimacs", "-kind", "steam", sample},
		{"-dimacs", "no/such/file.yaml"},
	} {
		var out, errb bytes.Buffer
		err := runExport(args, &out, &errb)
		assert.True(t, errors.Is(err, errBadInput), "%v: %v", args, err)
		assert.Empty(t, out.String(), "%v", args)
	}
}

func TestSolveDimacsBadInput(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.max")
	require.NoError(t, os.WriteFile(bad, []byte("p max 2 1\nn 1 s\nn 2 t\na 1 3 5\n"), 0o644))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-dimacs", bad}, bad + `:4: arc "1": head: vertex 3 out of range 1..2`},
		{[]string{"-dimacs", "no/such.max"}, "no/such.max"},
		{[]string{"-dimacs", bad, "extra"}, "want -dimacs FILE"},
		{nil, "want -dimacs FILE"},
	} {
		var out, errb bytes.Buffer
		err := runSolveDimacs(tc.args, &out, &errb)
		require.True(t, errors.Is(err, errBadInput), "%v: %v", tc.args, err)
		assert.Contains(t, err.Error(), tc.want)
		assert.Empty(t, out.String())
	}
}

func TestSolveWantsDimacs(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-dimacs", "x.max"}, true},
		{[]string{"--dimacs=x.max"}, true},
		{[]string{"-json", "-dimacs=x.max"}, true},
		{[]string{"-json", "net.yaml"}, false},
		{[]string{"--", "-dimacs"}, false},
		{nil, false},
	} {
		assert.Equal(t, tc.want, solveWantsDimacs(tc.args), "%v", tc.args)
	}
}

// Through the command dispatcher: export writes the sample district, and
// "solve -dimacs" reads it back to the allocation's total × 1000.
func TestExportSolveDimacsCommands(t *testing.T) {
	code, out, errs := runCmd("export", "-dimacs", sample)
	require.Equal(t, 0, code, errs)
	f := filepath.Join(t.TempDir(), "city.max")
	require.NoError(t, os.WriteFile(f, []byte(out), 0o644))
	code, out, errs = runCmd("solve", "-dimacs", f)
	require.Equal(t, 0, code, errs)
	assert.Equal(t, "12800000", strings.SplitN(out, "\n", 2)[0])
}
