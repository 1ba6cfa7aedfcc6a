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
		`s.yaml:8: lockdowns[0].zone: unknown zone "oldtown"; did you mean "old-town"?`,
		`s.yaml:10: outages[0].asset: unknown asset "sub-sout" in network "power"; did you mean "sub-south"?`,
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

// Fault models for named assets and selections, and their problems on
// their lines.
func TestDecodeFaultSelections(t *testing.T) {
	src := head + "faults:\n" +
		"  - {asset: sub-south, mttf_hours: 2000, repair: 5}\n" +
		"  - {links: true, where: {type: cable, kv: 10}, rate_per_year: 0.1, repair: 8}\n" +
		"  - {zone: old-town, role: station, rate_per_year: 1, repair: 3}\n" +
		"  - {class: critical, rate_per_year: 1, repair: 3}\n"
	sc, err := Decode(strings.NewReader(src), "s.yaml", "../../testdata/scenarios")
	require.NoError(t, err)
	require.Len(t, sc.Faults, 4)
	assert.Equal(t, "sub-south", sc.Faults[0].Asset)
	assert.Equal(t, 2000.0, sc.Faults[0].MTTF)
	assert.Equal(t, map[string]string{"type": "cable", "kv": "10"}, sc.Faults[1].Attrs)
	assert.True(t, sc.Faults[1].Links)
	assert.Equal(t, "old-town", sc.Faults[2].Zone)
	assert.Equal(t, "critical", sc.Faults[3].Class)

	bad := head + "faults:\n" +
		"  - {asset: sub-south, role: station, rate_per_year: 1, repair: 5}\n" +
		"  - {role: station, rate_per_year: 1, mttf_hours: 10, repair: 5}\n" +
		"  - {role: station, repair: 5}\n" +
		"  - {zone: oldtown, rate_per_year: 1, repair: 5}\n" +
		"  - {class: vip, rate_per_year: 1, repair: 5}\n"
	assert.Equal(t, []string{
		"s.yaml:7: faults[0].asset: names one asset: give no role, links, zone, class or where with it",
		"s.yaml:8: faults[1].mttf_hours: give rate_per_year or mttf_hours, not both",
		"s.yaml:9: faults[2].rate_per_year: missing (give rate_per_year or mttf_hours)",
		`s.yaml:10: faults[3].zone: unknown zone "oldtown"; did you mean "old-town"?`,
		`s.yaml:11: faults[4].class: unknown class "vip" (the classes are critical, essential, residential, commercial, industrial)`,
	}, decodeErr(t, bad))
}
