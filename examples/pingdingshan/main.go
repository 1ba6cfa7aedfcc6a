// Command pingdingshan compares the risk of one lockdown on Pingdingshan's
// old-city heating before and after its conversion from steam to hot water
// with a new heat source at the Yaomeng power plant
// ([pingdingshan-2021]). Before: a steam network fed by two sources,
// with the losses of steam and slower repairs. After: hot water, lower
// losses, faster repairs, and the Yaomeng plant feeding both old sites.
// The same 14-day lockdown with a cold wave is played out on both, and the
// risk of each is summarised side by side.
//
// Run it from the module root:
//
//	go run ./examples/pingdingshan
//
// The two scenarios are the Go twins of pingdingshan.yaml (after) and
// pingdingshan-steam.yaml (before):
//
//	go run ./cmd/lifeline run -trials 100 examples/pingdingshan/pingdingshan.yaml
package main

import (
	"os"

	"github.com/lifeline-sim/lifeline/examples/internal/cityrun"
)

var cfg = cityrun.Config{
	Name: "pingdingshan",
	About: "Pingdingshan's old-city heating before (steam, two sources) and after (hot water with the new\n" +
		"Yaomeng heat source) its conversion, under the same 14-day lockdown with a cold wave to -8 °C.\n" +
		"The report is the hot-water network; the comparison of risks follows it.",
	Build:    build,
	Trials:   100,
	Network:  "heat",
	Findings: findings,
}

func main() { os.Exit(cityrun.Main(cfg, os.Args[1:], os.Stdout, os.Stderr)) }
