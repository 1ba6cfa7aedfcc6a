package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/csv"
	"github.com/lifeline-sim/lifeline/network/matpower"
)

// loadNetwork reads a network from path: a folder with nodes.csv and
// links.csv (of the given kind), a MATPOWER case (.m, a power network) or a
// JSON or YAML network document. Input problems come back marked as bad
// input.
func loadNetwork(path string, kind network.Kind, kindSet bool) (*network.Network, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, badInput(err)
	}
	var net *network.Network
	switch {
	case fi.IsDir():
		net, err = csv.ReadDir(path, kind)
	case strings.EqualFold(filepath.Ext(path), ".m"):
		var c *matpower.Case
		if c, err = matpower.ReadFile(path); err == nil {
			net, err = c.Network()
		}
	default:
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
