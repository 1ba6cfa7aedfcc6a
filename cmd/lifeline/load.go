package main

import (
	"fmt"
	"os"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/csv"
)

// loadNetwork reads a network from path: a folder with nodes.csv and
// links.csv (of the given kind), or a JSON or YAML network document. Input
// problems come back marked as bad input.
func loadNetwork(path string, kind network.Kind, kindSet bool) (*network.Network, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, badInput(err)
	}
	var net *network.Network
	if fi.IsDir() {
		net, err = csv.ReadDir(path, kind)
	} else {
		net, err = network.ReadFile(path)
	}
	if err != nil {
		return nil, badInput(err)
	}
	if kindSet && net.Kind() != kind {
		return nil, badInput(fmt.Errorf("%s: network is %s, not %s as -kind asks", path, net.Kind(), kind))
	}
	return net, nil
}
