// Command hohhot plays out the February 2022 lockdown of Hohhot's largest
// district heating utility: 812 heat stations and 108 heat sources serving
// 85.71 million m² and 626,700 customers through a cold snap to −18 °C,
// with 24 stations and 3 boiler rooms sealed inside residential compounds
// and run by the staff who live there, over 400 employees kept from work,
// 15 emergency teams of 248 people, and random station, pipe and plant
// faults that grow with the cold. The 93 gas boiler rooms burn gas from a
// small gas network, so a gas fault can put them out.
//
// Run it from the module root:
//
//	go run ./examples/hohhot                 # one run and a 40-trial study, outputs in ./out
//	go run ./examples/hohhot -trials 200 -out hohhot-out
//
// The scenario is the Go twin of hohhot.yaml:
//
//	go run ./cmd/lifeline run examples/hohhot/hohhot.yaml
package main

import (
	"os"

	"github.com/lifeline-sim/lifeline/examples/internal/cityrun"
)

var cfg = cityrun.Config{
	Name: "hohhot",
	About: "District heating in Hohhot, February 2022: a 14-day lockdown with a cold snap to -18 °C, 24 heat\n" +
		"stations and 3 boiler rooms sealed inside compounds and run by the staff who live there, over 400\n" +
		"staff absent, 15 emergency teams of 248 people, and random faults of stations, pipes and plants.",
	Build:    build,
	Trials:   40,
	Network:  "heat",
	Findings: findings,
}

func main() { os.Exit(cityrun.Main(cfg, os.Args[1:], os.Stdout, os.Stderr)) }
