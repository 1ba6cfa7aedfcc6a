package scenfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Problems the decoder finds and problems of the scenario as a whole come
// together, in line order: a value that does not parse (line 6) does not
// hide an unknown zone (line 8) or an unknown asset (line 10); the field
// already reported (the repair of line 12) is not reported twice.
func TestDecodeReportsEverythingAtOnce(t *testing.T) {
	src := head + "resolution_hours: one\nlockdowns:\n  - {zone: oldtown, level: sealed}\noutages:\n  - {asset: sub-sout, at: 1, duration: 1}\nfaults:\n  - {role: station, rate_per_year: 1, repair: {dist: lognormal, median_hours: -1, sigma: 1}}\n"
	got := decodeErr(t, src)
	assert.Equal(t, []string{
		`s.yaml:6: resolution_hours: not a number "one"`,
		`s.yaml:8: lockdowns[0].zone: unknown zone "oldtown"`,
		`s.yaml:10: outages[0].asset: unknown asset "sub-sout" in network "power"`,
		"s.yaml:12: faults[0].repair.median_hours: -1 is not > 0",
	}, got)
}

// A network that cannot be read leaves its names unknown: references to
// them are not reported, its own problem is.
func TestDecodeFailedNetworkHidesReferences(t *testing.T) {
	src := "version: 1\nhorizon_hours: 24\nnetworks:\n  - {id: p, file: missing.yaml}\nlockdowns:\n  - {zone: old-town, level: sealed}\noutages:\n  - {network: p, asset: sub, at: 1, duration: 1}\ncuts:\n  - {asset: grid, scale: 2}\n"
	got := decodeErr(t, src)
	assert.Equal(t, []string{
		"s.yaml:4: networks[0].file: cannot read missing.yaml: no such file or directory",
		"s.yaml:10: cuts[0].scale: 2 outside [0, 1]",
	}, got)
}

// Warnings come with the scenario, on their lines; Open returns them for
// a file with errors too.
func TestWarningsOnTheirLines(t *testing.T) {
	src := head + "lockdowns:\n  - {zone: old-town, level: sealed, from: 100, to: 200}\noutages:\n  - {asset: sub-south, at: 500, duration: 1}\n"
	f, err := Read(strings.NewReader(src), "s.yaml", "../../testdata/scenarios")
	require.NoError(t, err)
	require.NotNil(t, f.Scenario)
	var got []string
	for _, w := range f.Warnings {
		got = append(got, w.Error())
	}
	assert.Equal(t, []string{
		"s.yaml:7: lockdowns[0].from: 100 h is at or after the 24 h horizon: the lockdown never acts",
		"s.yaml:9: outages[0].at: 500 h is at or after the 24 h horizon: the outage never happens",
	}, got)

	dir := t.TempDir()
	path := filepath.Join(dir, "s.yaml")
	bad := strings.Replace(src, "../city/network.yaml", filepath.Join("..", "..", "..", "..", "testdata", "city", "network.yaml"), 1) + "horizon_hour: 3\n"
	abs, _ := filepath.Abs("../../testdata/city/network.yaml")
	bad = strings.Replace(src, "../city/network.yaml", abs, 1) + "resolution_hours: -1\n"
	require.NoError(t, os.WriteFile(path, []byte(bad), 0o644))
	f, err = Open(path)
	require.Error(t, err)
	assert.Equal(t, path+":10: resolution_hours: must be > 0 hours, got -1", err.Error())
	require.Len(t, f.Warnings, 2)
	assert.Nil(t, f.Scenario)
}
