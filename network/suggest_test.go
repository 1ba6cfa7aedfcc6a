package network_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
)

func TestSuggest(t *testing.T) {
	known := []string{"old-town", "riverside", "new-district", "bus1", "Sub_North"}
	for name, want := range map[string]string{
		"oldtown":     "old-town", // separators ignored
		"Old Town":    "old-town",
		"old-twon":    "old-town", // a swap
		"riversde":    "riverside",
		"newdistrict": "new-district",
		"sub-north":   "Sub_North", // case and separators
		"bus2":        "",          // numbered: another element, not a typo
		"atlantis":    "",
		"ab":          "",
		"old-town":    "", // the name itself is not a suggestion
		"":            "",
	} {
		assert.Equal(t, want, network.Suggest(name, known), name)
	}
	assert.Equal(t, `"abc"`, network.Quote("abc"))
	assert.Equal(t, `"`+strings.Repeat("x", 40)+`…"`, network.Quote(strings.Repeat("x", 100)))
}

// The builder's messages about unknown names and negative values, each
// exactly.
func TestBuilderMessages(t *testing.T) {
	long := strings.Repeat("n", 60)
	b := network.NewBuilder(network.Heat)
	b.AddZone(network.Zone{ID: "old-town"})
	b.AddZone(network.Zone{ID: "riverside"})
	b.AddNode(network.Node{ID: "plant", Role: network.Source, Capacity: -5})
	b.AddNode(network.Node{ID: "hx-1", Role: network.Station, Capacity: -1, Zone: "oldtown"})
	b.AddNode(network.Node{ID: "flats", Role: network.Consumer, Demand: 10, Class: "residental", Customers: -3, Zone: "atlantis"})
	b.AddNode(network.Node{ID: "tank", Role: network.Storage, Capacity: 10, Level: -2})
	b.AddNode(network.Node{ID: long, Role: network.Consumer, Demand: -1, Class: "vip"})
	b.AddLink(network.Link{ID: "l1", From: "plnat", To: "hx-2", Capacity: -7})
	b.AddLink(network.Link{ID: "l2", From: "plant", To: long + "x", Zone: "rivreside"})
	_, err := b.Build()
	require.Error(t, err)
	nn := `"` + strings.Repeat("n", 40) + `…"`
	assert.Equal(t, []string{
		`node "plant": capacity: -5 is negative; want a capacity > 0 kW`,
		`node "hx-1": zone: unknown zone "oldtown"; did you mean "old-town"?`,
		`node "hx-1": capacity: -1 is negative; want a capacity ≥ 0 kW (0 or none: unlimited)`,
		`node "flats": zone: unknown zone "atlantis" (the zones are "old-town", "riverside")`,
		`node "flats": customers: -3 is negative; want a number of customers ≥ 0`,
		`node "flats": class: unknown class "residental"; did you mean "residential"? (the classes are critical, essential, residential, commercial, industrial)`,
		`node "tank": level: -2 is negative; want a level ≥ 0 kWh`,
		`node ` + nn + `: demand: -1 is negative; want a demand ≥ 0 kW`,
		`node ` + nn + `: class: unknown class "vip" (the classes are critical, essential, residential, commercial, industrial)`,
		`link "l1": from: unknown node "plnat"; did you mean "plant"?`,
		`link "l1": to: unknown node "hx-2"`,
		`link "l1": capacity: -7 is negative; want a capacity ≥ 0 kW (0 or none: unlimited)`,
		`link "l2": to: unknown node ` + nn,
		`link "l2": zone: unknown zone "rivreside"; did you mean "riverside"?`,
	}, strings.Split(err.Error(), "\n"))
}
