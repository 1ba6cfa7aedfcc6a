package scenfile

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/supply"
)

// full uses every field of the format. Paths are relative to this
// package's folder.
const full = `format: lifeline-scenario
version: 1
name: every-field
start: 2022-02-07T20:30:00+08:00
horizon_hours: 48
resolution_hours: 2
interruption: 0.9
momentary_hours: 0.1
service_levels:
  - {level: 0.95, hours: 24}
  - {level: 0.5, hours: 1}
networks:
  - id: power
    file: ../../testdata/city/network.yaml
  - id: csv-power
    file: ../../network/csv/testdata/city
    kind: power
    policy: priority-fair
  - id: heat
    policy: proportional
    inline:
      name: Old Town heat
      kind: heat
      zones: [{id: old-town}]
      nodes:
        - {id: boiler, role: source, capacity: 3000, zone: old-town, needs_operators: true}
        - {id: tank, role: storage, capacity: 500, level: 1000, max_level: 4000}
        - {id: hx, role: station, capacity: 2500, zone: old-town}
        - {id: flats, role: consumer, demand: 2000, customers: 800, area: 60000, zone: old-town}
        - {id: clinic, role: consumer, demand: 100, class: critical, customers: 1, zone: old-town}
      links:
        - {id: l1, from: boiler, to: hx}
        - {id: l2, from: tank, to: hx}
        - {id: l3, from: hx, to: flats, oneway: true}
        - {id: l4, from: hx, to: clinic, oneway: true}
crew:
  default_travel_hours: 1.5
  same_zone_travel_hours: 0.2
  policy: nearest
  teams:
    - id: mobile
      skills: [{kind: power, role: station}, {kind: heat}]
      size: 6
      base: new-district
      vehicles: 2
      homes: [{zone: old-town, count: 2}, {zone: riverside, count: 1}]
      shift: {start: 8, hours: 12}
    - id: boiler-crew
      size: 3
      base: old-town
      site: boiler
  absences:
    - {team: mobile, share: 0.5, from: 0, to: 10}
    - {share: 0.1}
  travel:
    - {from: new-district, to: old-town, hours: 0.5}
  entry:
    - {level: sealed, forbidden: true}
    - {level: controlled, delay_hours: 0.75}
lockdowns:
  - {zone: old-town, level: sealed, from: 0, to: 24, demand_factor: 1.2}
  - {zone: riverside, level: controlled, from: 6}
  - {zone: new-district, level: precaution}
profiles:
  - {network: power, class: residential, hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.2, 1.2, 1.2, 1, 1, 1]}
spikes:
  - {network: power, kind: power, zone: old-town, class: residential, factor: 1.3, from: 2, to: 12}
weather:
  outdoor: [-10, -12, -18]
  design: -22
  indoor: 19
  time_constant_hours: 30
  cold: 15
series:
  - {network: heat, asset: boiler, scale: [1, 0.8]}
  - {network: heat, asset: hx, capacity: [2500, 2000]}
outages:
  - {network: power, asset: tie, at: 3, duration: 2}
  - network: power
    asset: sub-south
    at: 5
    work: {dist: lognormal, median_hours: 4, sigma: 0.5}
    min_crew: 2
  - {network: heat, asset: l2, at: 1, repair: true, work: 2.5}
  - {network: heat, asset: l3, at: 1, work: {dist: fixed, hours: 1}}
  - {network: heat, asset: l4, at: 1, work: {dist: exponential, mean_hours: 3}}
  - {network: power, asset: f-mall, at: 1, work: {dist: weibull, shape: 2, scale_hours: 4}}
  - {network: power, asset: f-works, at: 1, work: {dist: uniform, min_hours: 1, max_hours: 3}}
cuts:
  - {network: heat, asset: boiler, scale: 0.6, from: 10, to: 20}
new_loads:
  - {network: power, consumer: testing-site, at: 7.25}
deliveries:
  - {network: heat, storage: tank, at: 12, amount: 800, every: 12, until: 40}
faults:
  - network: power
    role: station
    rate_per_year: 2
    cold_below: -15
    cold_factor: 2
    repair: {dist: lognormal, median_hours: 6, sigma: 0.6}
    min_crew: 3
  - {links: true, rate_per_year: 0.5, repair: 3}
steady_start: true
`

func TestDecodeEveryField(t *testing.T) {
	sc, err := Decode(strings.NewReader(full), "full.yaml", ".")
	require.NoError(t, err)

	assert.Equal(t, "every-field", sc.Name)
	assert.True(t, sc.Start.Equal(time.Date(2022, 2, 7, 12, 30, 0, 0, time.UTC)), sc.Start)
	assert.Equal(t, 48.0, sc.Horizon)
	assert.Equal(t, 2.0, sc.Resolution)
	assert.Equal(t, 0.9, sc.Interruption)
	assert.Equal(t, 0.1, sc.Momentary)
	assert.Equal(t, []scenario.ServiceLevel{{Level: 0.95, Duration: 24}, {Level: 0.5, Duration: 1}}, sc.ServiceLevels)
	assert.True(t, sc.SteadyStart)

	// Networks: a document, a CSV folder and an inline document.
	require.Len(t, sc.Utilities, 3)
	want, err := network.ReadFile("../../testdata/city/network.yaml")
	require.NoError(t, err)
	u := sc.Utilities[0]
	assert.Equal(t, "power", u.ID)
	assert.Equal(t, supply.PriorityFair, u.Policy)
	assert.Equal(t, want.Name(), u.Net.Name())
	assert.Equal(t, want.NumNodes(), u.Net.NumNodes())
	assert.Equal(t, want.TotalDemand(), u.Net.TotalDemand())
	u = sc.Utilities[1]
	assert.Equal(t, "csv-power", u.ID)
	assert.Equal(t, network.Power, u.Net.Kind())
	assert.Equal(t, 7, u.Net.NumNodes())
	u = sc.Utilities[2]
	assert.Equal(t, "heat", u.ID)
	assert.Equal(t, supply.Proportional, u.Policy)
	assert.Equal(t, "Old Town heat", u.Net.Name())
	assert.Equal(t, network.Heat, u.Net.Kind())
	assert.Equal(t, 5, u.Net.NumNodes())
	assert.Equal(t, 4, u.Net.NumLinks())
	assert.Equal(t, 2100.0, u.Net.TotalDemand())
	v, ok := u.Net.NodeIndex("tank")
	require.True(t, ok)
	assert.Equal(t, 1000.0, u.Net.Node(v).Level)
	assert.Equal(t, 4000.0, u.Net.Node(v).MaxLevel)

	// Crew.
	r := sc.Crew
	require.NotNil(t, r)
	assert.Equal(t, 20.5, r.StartHour(), "from start")
	assert.Equal(t, crew.Nearest{}, r.Policy())
	require.Equal(t, 2, r.NumTeams())
	assert.Equal(t, crew.Team{
		ID: "mobile", Skills: []crew.Skill{{Kind: network.Power, Role: network.Station}, {Kind: network.Heat}},
		Size: 6, Base: "new-district", Vehicles: 2,
		Homes: []crew.Home{{Zone: "old-town", Count: 2}, {Zone: "riverside", Count: 1}},
		Shift: crew.Shift{Start: 8, Hours: 12},
	}, r.Team(0))
	assert.Equal(t, crew.Team{ID: "boiler-crew", Size: 3, Base: "old-town", Site: "boiler"}, r.Team(1))
	assert.Equal(t, 0.5, r.Travel("old-town", "new-district"))
	assert.Equal(t, 1.5, r.Travel("old-town", "riverside"))
	assert.Equal(t, 0.2, r.Travel("riverside", "riverside"))
	forbidden, _ := r.Entry(crew.Sealed)
	assert.True(t, forbidden)
	_, delay := r.Entry(crew.Controlled)
	assert.Equal(t, 0.75, delay)
	open := func(string) crew.Level { return crew.Open }
	// At 09:00 (12.5 h after 20:30) the mobile team is on shift: 6 members,
	// 10% absent → 5 (floor of 5.4); at 2 h (22:30) it is off shift.
	assert.Equal(t, 5, r.Available(0, 12.5, open, ""))
	assert.Equal(t, 0, r.Available(0, 2, open, ""))

	// Events.
	assert.Equal(t, []scenario.Lockdown{
		{Zone: "old-town", Level: crew.Sealed, From: 0, To: 24, DemandFactor: 1.2},
		{Zone: "riverside", Level: crew.Controlled, From: 6},
		{Zone: "new-district", Level: crew.Precaution},
	}, sc.Lockdowns)
	require.Len(t, sc.Profiles, 1)
	assert.Equal(t, "power", sc.Profiles[0].Network)
	assert.Equal(t, "residential", sc.Profiles[0].Class)
	require.Len(t, sc.Profiles[0].Hourly, 24)
	assert.Equal(t, 1.2, sc.Profiles[0].Hourly[19])
	assert.Equal(t, []scenario.Spike{{Network: "power", Kind: "power", Zone: "old-town", Class: "residential", Factor: 1.3, From: 2, To: 12}}, sc.Spikes)
	assert.Equal(t, &scenario.Weather{Outdoor: []float64{-10, -12, -18}, Design: -22, Indoor: 19, TimeConstant: 30, Cold: 15}, sc.Weather)
	assert.Equal(t, []scenario.CapacitySeries{
		{Network: "heat", Asset: "boiler", Scale: []float64{1, 0.8}},
		{Network: "heat", Asset: "hx", Capacity: []float64{2500, 2000}},
	}, sc.Series)

	require.Len(t, sc.Outages, 7)
	o := sc.Outages[0]
	assert.Equal(t, scenario.Outage{Network: "power", Asset: "tie", At: 3, Duration: 2}, o)
	o = sc.Outages[1]
	assert.Equal(t, "sub-south", o.Asset)
	assert.Equal(t, 5.0, o.At)
	assert.True(t, o.Repair)
	assert.Equal(t, 2, o.MinCrew)
	assert.Equal(t, "lognormal(median=4, sigma=0.5)", o.Work.Name)
	assert.InDelta(t, 4*math.Exp(0.125), o.Work.Mean, 1e-12)
	works := []struct {
		name string
		mean float64
	}{{"fixed(2.5)", 2.5}, {"fixed(1)", 1}, {"exponential(mean=3)", 3}, {"weibull(shape=2, scale=4)", 4 * math.Gamma(1.5)}, {"uniform(1, 3)", 2}}
	for i, w := range works {
		o := sc.Outages[2+i]
		assert.True(t, o.Repair, i)
		assert.Equal(t, w.name, o.Work.Name)
		assert.InDelta(t, w.mean, o.Work.Mean, 1e-12, w.name)
	}
	assert.Equal(t, []scenario.SupplyCut{{Network: "heat", Asset: "boiler", Scale: 0.6, From: 10, To: 20}}, sc.Cuts)
	assert.Equal(t, []scenario.NewLoad{{Network: "power", Consumer: "testing-site", At: 7.25}}, sc.NewLoads)
	assert.Equal(t, []scenario.Delivery{{Network: "heat", Storage: "tank", At: 12, Amount: 800, Every: 12, Until: 40}}, sc.Deliveries)

	require.Len(t, sc.Faults, 2)
	f := sc.Faults[0]
	assert.Equal(t, "power", f.Network)
	assert.Equal(t, network.Station, f.Role)
	assert.False(t, f.Links)
	assert.Equal(t, 2.0, f.Rate)
	assert.Equal(t, -15.0, f.ColdBelow)
	assert.Equal(t, 2.0, f.ColdFactor)
	assert.Equal(t, "lognormal(median=6, sigma=0.6)", f.Repair.Name)
	assert.Equal(t, 3, f.MinCrew)
	f = sc.Faults[1]
	assert.Equal(t, "", f.Network)
	assert.True(t, f.Links)
	assert.Equal(t, network.Role(""), f.Role)
	assert.Equal(t, 0.5, f.Rate)
	assert.Equal(t, "fixed(3)", f.Repair.Name)

	// It runs.
	res, err := sc.Run(context.Background(), 7)
	require.NoError(t, err)
	assert.Len(t, res.Networks, 3)
}

// decodeErr decodes src and returns the error's lines.
func decodeErr(t *testing.T, src string) []string {
	t.Helper()
	sc, err := Decode(strings.NewReader(src), "s.yaml", "../../testdata/scenarios")
	require.Error(t, err)
	assert.Nil(t, sc)
	assert.ErrorIs(t, err, ErrInvalid)
	for _, p := range Problems(err) {
		assert.Equal(t, "s.yaml", p.File)
	}
	return strings.Split(err.Error(), "\n")
}

const head = "format: lifeline-scenario\nversion: 1\nhorizon_hours: 24\nnetworks:\n  - {id: power, file: ../city/network.yaml}\n"

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"syntax", "format: [\n", []string{"s.yaml:1: YAML syntax error: did not find expected node content"}},
		{"tab", "version: 1\nhorizon_hours: 24\nnetworks:\n\t- {id: power, file: ../city/network.yaml}\n",
			[]string{"s.yaml:4: YAML syntax error: this line is indented with a tab; YAML indents with spaces"}},
		{"tab in a mapping", head + "weather:\n  design: -20\n\toutdoor: [1]\n",
			[]string{"s.yaml:8: YAML syntax error: this line is indented with a tab; YAML indents with spaces"}},
		{"long values cut", head + "start: " + strings.Repeat("7", 60) + "\n" + strings.Repeat("k", 60) + ": 1\nlockdowns:\n  - {zone: old-town, level: " + strings.Repeat("s", 60) + "}\n", []string{
			`s.yaml:6: start: not an RFC 3339 time "` + strings.Repeat("7", 40) + `…" (write e.g. 2022-02-07T20:00:00+08:00)`,
			"s.yaml:7: " + strings.Repeat("k", 40) + "…: unknown field (want one of format, version, name, currency, start, horizon_hours, resolution_hours, interruption, momentary_hours, service_levels, networks, crew, lockdowns, profiles, spikes, weather, series, demands, outages, cuts, new_loads, deliveries, faults, reliability, couplings, steady_start, target)",
			`s.yaml:9: lockdowns[0].level: unknown level "` + strings.Repeat("s", 40) + `…" (want sealed, controlled, precaution or open)`,
		}},
		{"references", head + "lockdowns:\n  - {zone: oldtown, level: sealed}\noutages:\n  - {network: powr, asset: sub-nort, at: 1}\n  - {asset: sub-nort, at: 1, duration: 2}\nspikes:\n  - {class: residental, factor: 2}\n", []string{
			`s.yaml:7: lockdowns[0].zone: unknown zone "oldtown"; did you mean "old-town"?`,
			`s.yaml:9: outages[0].network: unknown network "powr"; did you mean "power"?`,
			`s.yaml:10: outages[1].asset: unknown asset "sub-nort" in network "power"; did you mean "sub-north"?`,
			`s.yaml:12: spikes[0].class: unknown class "residental"; did you mean "residential"? (the classes are critical, essential, residential, commercial, industrial)`,
		}},
		{"empty", "", []string{"s.yaml:1: empty document"}},
		{"not a mapping", "- a\n- b\n", []string{"s.yaml:1: want a mapping, got a list"}},
		{"two documents", head + "---\nname: x\n", []string{"s.yaml:6: more than one YAML document"}},
		{"network document", "format: lifeline-network\nversion: 1\nkind: power\n",
			[]string{"s.yaml:1: format: this is a network document, not a scenario (want \"lifeline-scenario\")"}},
		{"missing", "format: lifeline-scenario\n", []string{
			"s.yaml:1: version: missing",
			"s.yaml:1: horizon_hours: missing",
			"s.yaml:1: networks: missing",
		}},
		{"version", "version: 2\nhorizon_hours: 1\nnetworks: []\n", []string{
			"s.yaml:1: version: unsupported version 2 (want 1)",
			"s.yaml:3: networks: no networks",
		}},
		{"unknown and repeated keys", head + "horizon_hour: 3\nname: a\nname: b\n", []string{
			`s.yaml:6: horizon_hour: unknown field (did you mean "horizon_hours"?)`,
			"s.yaml:8: name: repeated key (first at line 7)",
		}},
		{"types", head + "resolution_hours: one\nsteady_start: yes\nstart: 2022-02-07 20:00\nname: [a]\n", []string{
			`s.yaml:6: resolution_hours: not a number "one"`,
			`s.yaml:7: steady_start: want true or false, got string "yes"`,
			`s.yaml:8: start: not an RFC 3339 time "2022-02-07 20:00" (write e.g. 2022-02-07T20:00:00+08:00)`,
			"s.yaml:9: name: want a string, got a list",
		}},
		{"events", head + "lockdowns:\n  - {zone: old-town, level: locked}\n  - {level: sealed, form: 3}\noutages:\n  - asset: sub-south\n    at: 1\n    work: {dist: gamma, mean_hours: 3}\n  - {asset: tie, at: 2, work: {dist: lognormal, median_hours: -1, sigma: 0.5}}\n  - {asset: tie, at: 2, work: {dist: uniform, min_hours: 1}}\n  - {asset: tie, at: 2, repair: false, work: 1}\n", []string{
			`s.yaml:7: lockdowns[0].level: unknown level "locked" (want sealed, controlled, precaution or open)`,
			`s.yaml:8: lockdowns[1].form: unknown field (did you mean "from"?)`,
			"s.yaml:8: lockdowns[1].zone: missing",
			`s.yaml:12: outages[0].work.dist: unknown distribution "gamma" (want fixed, exponential, lognormal, weibull or uniform)`,
			"s.yaml:13: outages[1].work.median_hours: -1 is not > 0",
			"s.yaml:14: outages[2].work.max_hours: missing",
			"s.yaml:15: outages[3].work: a work time is given but repair is false",
		}},
		{"work parameter of another distribution", head + "faults:\n  - {role: station, rate_per_year: 1, repair: {dist: fixed, hours: 2, sigma: 1}}\n", []string{
			"s.yaml:7: faults[0].repair.sigma: not a parameter of fixed (want hours)",
		}},
		{"faults", head + "faults:\n  - {rate_per_year: 1, repair: 2}\n  - {role: pump, rate_per_year: 1, repair: 2}\n  - {role: station, links: true, rate_per_year: 1, repair: 2}\n", []string{
			"s.yaml:7: faults[0].role: missing (give an asset, or select by role, links: true, zone, class or where)",
			`s.yaml:8: faults[1].role: unknown role "pump" (want source, station, storage, junction or consumer)`,
			"s.yaml:9: faults[2].role: give a role or links: true, not both",
		}},
		{"profile length", head + "profiles:\n  - {class: residential, hourly: [1, 2]}\n", []string{
			"s.yaml:7: profiles[0].hourly: want 24 multipliers (hours 0 to 23), got 2",
		}},
		{"networks", "version: 1\nhorizon_hours: 1\nnetworks:\n  - {id: a}\n  - {id: b, file: nowhere.yaml}\n  - {id: c, file: ../city, kind: power}\n  - {id: d, file: ../city/network.yaml, kind: heat}\n  - {id: e, file: ../city/network.yaml, policy: fair}\n", []string{
			"s.yaml:4: networks[0].file: missing (give file or inline)",
			"s.yaml:5: networks[1].file: cannot read nowhere.yaml: no such file or directory",
			"s.yaml:6: networks[2].file: open " + filepath.Join("..", "..", "testdata", "city", "nodes.csv") + ": no such file or directory",
			"s.yaml:7: networks[3].kind: ../city/network.yaml is a power network, not heat",
			`s.yaml:8: networks[4].policy: unknown policy "fair" (want priority-fair or proportional)`,
		}},
		{"inline network", "version: 1\nhorizon_hours: 1\nnetworks:\n  - id: w\n    inline:\n      kind: water\n      nodes:\n        - {id: s, role: source}\n        - {id: c, role: consumer, demand: lots}\n      links:\n        - {id: l, from: s, to: x}\n", []string{
			`s.yaml:8: networks[0].inline: node "s": capacity: a source needs a capacity greater than 0`,
			`s.yaml:9: networks[0].inline: node "c": demand: not a number "lots"`,
			`s.yaml:11: networks[0].inline: link "l": to: unknown node "x"`,
		}},
		{"crew", head + "crew:\n  start_hour: 8\n  teams:\n    - {id: a, size: 0}\n    - id: b\n      size: 2\n      homes: [{zone: old-town, count: 3}]\n  travel:\n    - {from: x, to: x, hours: 1}\n", []string{
			"s.yaml:9: crew.teams[0].size: a team needs at least 1 member",
			"s.yaml:12: crew.teams[1].homes: counts sum to 3, above size 2",
			`s.yaml:14: crew.travel[0].to: same zone "x" as from (travel within a zone is same_zone_travel)`,
		}},
		{"crew start hour", head + "start: 2022-02-07T20:00:00+08:00\ncrew:\n  start_hour: 8\n", []string{
			"s.yaml:8: crew.start_hour: 8 disagrees with start (20:00); leave it out",
		}},
		{"compile", head + "resolution_hours: -1\noutages:\n  - {asset: nope, at: 1, duration: 1}\nlockdowns:\n  - {zone: atlantis, level: sealed}\nweather: {outdoor: [1], design: 30}\ncrew:\n  teams: [{id: t, size: 1, site: nowhere}]\n", []string{
			"s.yaml:6: resolution_hours: must be > 0 hours, got -1",
			`s.yaml:8: outages[0].asset: unknown asset "nope" in network "power"`,
			`s.yaml:10: lockdowns[0].zone: unknown zone "atlantis" (the zones are "old-town", "riverside", "new-district")`,
			`s.yaml:11: weather.design: design temperature 30 must be below the indoor set point 18`,
			`s.yaml:13: crew.teams[0].site: team "t": unknown site node "nowhere"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := decodeErr(t, tt.src)
			assert.Equal(t, tt.want, got)
		})
	}
}

// A network document with errors is reported with its own file and line,
// behind the line of the scenario that names it.
func TestDecodeNetworkFileErrors(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "net.yaml"), []byte("version: 1\nkind: power\nnodes:\n  - {id: s, role: source, capacity: lots}\n"), 0o644))
	src := "version: 1\nhorizon_hours: 1\nnetworks:\n  - {id: p, file: net.yaml}\n"
	_, err := Decode(strings.NewReader(src), "s.yaml", dir)
	require.Error(t, err)
	net := filepath.Join(dir, "net.yaml")
	assert.Equal(t, `s.yaml:4: networks[0].file: `+net+`:4: node "s": capacity: not a number "lots"`, err.Error())
	var fe *network.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, 4, fe.Pos.Line)
	assert.ErrorIs(t, err, ErrInvalid)
}

// Compile's problems keep their original error inside.
func TestDecodeCompileErrorWraps(t *testing.T) {
	_, err := Decode(strings.NewReader(head+"cuts:\n  - {asset: grid, scale: 2}\n"), "s.yaml", "../../testdata/scenarios")
	require.Error(t, err)
	p := Problems(err)
	require.Len(t, p, 1)
	assert.Equal(t, "s.yaml:7: cuts[0].scale: 2 outside [0, 1]", p[0].Error())
	assert.Equal(t, "scenario: cuts[0]: scale: 2 outside [0, 1]", p[0].Err.Error())
}

// An inline network may use anchors and aliases; positions inside stay
// right.
func TestDecodeInlineAliases(t *testing.T) {
	src := `version: 1
horizon_hours: 2
networks:
  - id: p
    inline:
      kind: power
      nodes:
        - &src {id: s, role: source, capacity: 100}
        - {id: c, role: consumer, demand: 50, customers: 10}
        - {id: d, role: consumer, demand: "bad", customers: 10}
      links: [{id: l1, from: s, to: c}, {id: l2, from: s, to: d}]
      name: *src
`
	got := decodeErr(t, src)
	assert.Equal(t, []string{
		`s.yaml:10: networks[0].inline: node "d": demand: not a number "bad"`,
		`s.yaml:12: networks[0].inline: network: name: want a string, got a mapping`,
	}, got)
}

// Without start, the crew's start hour sets the clock of profiles too.
func TestDecodeStartHour(t *testing.T) {
	sc, err := Decode(strings.NewReader(head+"crew:\n  start_hour: 8.5\n"), "s.yaml", "../../testdata/scenarios")
	require.NoError(t, err)
	assert.Equal(t, 8.5, sc.Crew.StartHour())
	assert.Equal(t, 8, sc.Start.Hour())
	assert.Equal(t, 30, sc.Start.Minute())
	assert.Equal(t, 1, sc.Start.Year())

	sc, err = Decode(strings.NewReader(head+"crew: {}\n"), "s.yaml", "../../testdata/scenarios")
	require.NoError(t, err)
	assert.True(t, sc.Start.IsZero())
	assert.Equal(t, 0, sc.Crew.NumTeams())
}

// An inline network may be an alias of a network written elsewhere.
func TestDecodeInlineAlias(t *testing.T) {
	src := `version: 1
horizon_hours: 2
networks:
  - id: a
    inline: &net
      kind: water
      nodes:
        - {id: s, role: source, capacity: 10}
        - {id: c, role: consumer, demand: 4, customers: 2}
      links: [{id: l, from: s, to: c}]
  - {id: b, inline: *net}
`
	sc, err := Decode(strings.NewReader(src), "s.yaml", "")
	require.NoError(t, err)
	require.Len(t, sc.Utilities, 2)
	assert.Equal(t, "b", sc.Utilities[1].ID)
	assert.Equal(t, 4.0, sc.Utilities[1].Net.TotalDemand())
}

func TestLoadSample(t *testing.T) {
	sc, err := Load("../../testdata/scenarios/district-lockdown.yaml")
	require.NoError(t, err)
	assert.Equal(t, "district-lockdown", sc.Name)
	assert.Equal(t, 336.0, sc.Horizon)
	require.Len(t, sc.Utilities, 1)
	assert.Equal(t, "sample-district", sc.Utilities[0].Net.Name())
	assert.Len(t, sc.Weather.Outdoor, 336)
	assert.Equal(t, 2, sc.Crew.NumTeams())
	assert.Equal(t, 20.0, sc.Crew.StartHour())

	sc, err = Load("../../testdata/scenarios/cold-snap-heat.yaml")
	require.NoError(t, err)
	assert.Equal(t, "cold-snap-heat", sc.Name)
	require.Len(t, sc.Utilities, 1)
	assert.Equal(t, network.Heat, sc.Utilities[0].Net.Kind())
	assert.Equal(t, supply.Proportional, sc.Utilities[0].Policy)
	assert.Len(t, sc.Weather.Outdoor, 168)
	assert.Equal(t, 3, sc.Crew.NumTeams())

	_, err = Load("no-such-file.yaml")
	require.Error(t, err)
	assert.False(t, errors.Is(err, ErrInvalid))
}
