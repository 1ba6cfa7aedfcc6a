package scenario

import (
	"math"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply"
)

// StartState returns the state a run of net starts from, before any event:
// every asset in service at its built capacity and every consumer at its
// nominal demand, except that a storage holding no stock (Level ≤ 0) can
// give only what flows into it, its scale being ChargeRate/Capacity (at
// most 1; 0 without a charge rate). A solve of this state is what a
// network looks like at an instant with its storage as it stands; the
// engine starts every run from it. O(nodes + links).
func StartState(net *network.Network) *supply.State {
	st := supply.NewState(net)
	for v := range net.NumNodes() {
		if net.Role(v) == network.Storage && net.Node(v).Level <= 0 {
			st.NodeScale[v] = emptyStorageScale(net, v)
		}
	}
	return st
}

// emptyStorageScale is the share of its discharge rate an empty storage v
// can still give: what flows in.
func emptyStorageScale(net *network.Network, v int) float64 {
	in := net.Node(v).ChargeRate
	c := net.Capacity(v)
	if in <= 0 || c <= 0 {
		return 0
	}
	return math.Min(1, in/c)
}
