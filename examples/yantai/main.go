// Command yantai plays out a coal-fired heat plant's coal reserve through
// February 2020, when the epidemic lockdown cut its coal deliveries: the
// heat company of Yantai kept 24-hour duty and managed its coal reserves
// ([yantai-2020]). The coal yard is a storage feeding the
// boiler house; deliveries every two days stop for two weeks. The program
// reports the days of autonomy, when the yard runs dry, the heat not
// supplied and the homes that go cold, and compares the disrupted month
// with regular deliveries and with rationing the coal.
//
// Run it from the module root:
//
//	go run ./examples/yantai
//
// The scenario is the Go twin of yantai.yaml:
//
//	go run ./cmd/lifeline run examples/yantai/yantai.yaml
package main

import (
	"os"

	"github.com/lifeline-sim/lifeline/examples/internal/cityrun"
)

var cfg = cityrun.Config{
	Name: "yantai",
	About: "A coal-fired heat plant in Yantai, February 2020: the coal yard feeds the boilers, deliveries every\n" +
		"two days stop for two weeks under the lockdown, and the yard runs dry in a cold spell. Reports the\n" +
		"days of autonomy, the heat not supplied and the cold homes, with and without the disruption.",
	Build:    build,
	Trials:   20,
	Findings: findings,
}

func main() { os.Exit(cityrun.Main(cfg, os.Args[1:], os.Stdout, os.Stderr)) }
