package main

import (
	"fmt"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/netfile"
)

// loadNetwork reads a network from path: a folder with nodes.csv and
// links.csv (of the given kind), an EPANET input file (.inp), a MATPOWER
// case (.m) or a JSON or YAML network document. Input problems come back
// marked as bad input.
func loadNetwork(path string, kind network.Kind, kindSet bool) (*network.Network, error) {
	net, err := netfile.Load(path, kind)
	if err != nil {
		return nil, badInput(err)
	}
	if kindSet && net.Kind() != kind {
		return nil, badInput(fmt.Errorf("%s: network is %s, not %s as -kind asks", path, net.Kind(), kind))
	}
	return net, nil
}
