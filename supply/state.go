package supply

import (
	"fmt"
	"math"

	"github.com/lifeline-sim/lifeline/network"
)

// State is the changing condition of one network at one instant: which
// assets are out or derated, and what each consumer demands now. It is an
// overlay on an immutable Network, which it never changes; many States may
// share one Network. A State is not safe for concurrent use.
//
// The slices are indexed by the network's dense node and link indices and
// may be written directly for speed; the methods taking IDs check their
// input.
type State struct {
	net *network.Network
	// NodeScale multiplies each node's capacity: 1 as built, 0 out of
	// service (an out node passes no flow and, if a consumer, is not
	// served), values between derate a source, station or storage. For an
	// unlimited station any value above 0 leaves it unlimited.
	NodeScale []float64
	// LinkScale multiplies each link's capacity in the same way.
	LinkScale []float64
	// Demand is each consumer's demand now, in the flow unit (0 for other
	// roles).
	Demand []float64
}

// NewState returns the state of net as built: everything in service,
// demand as specified.
func NewState(net *network.Network) *State {
	s := &State{
		net:       net,
		NodeScale: make([]float64, net.NumNodes()),
		LinkScale: make([]float64, net.NumLinks()),
		Demand:    make([]float64, net.NumNodes()),
	}
	s.Reset()
	return s
}

// Network returns the network the state belongs to.
func (s *State) Network() *network.Network { return s.net }

// Reset returns the state to the network as built. It does not allocate.
func (s *State) Reset() {
	for i := range s.NodeScale {
		s.NodeScale[i] = 1
		s.Demand[i] = s.net.Demand(i)
	}
	for i := range s.LinkScale {
		s.LinkScale[i] = 1
	}
}

// CopyFrom makes s equal to t, which must belong to the same network. It
// does not allocate.
func (s *State) CopyFrom(t *State) {
	if s.net != t.net {
		panic("supply: CopyFrom across networks")
	}
	copy(s.NodeScale, t.NodeScale)
	copy(s.LinkScale, t.LinkScale)
	copy(s.Demand, t.Demand)
}

// Asset identifies a node or a link of a network.
type Asset struct {
	ID     string // the user's ID
	IsLink bool   // true for a link, false for a node
	Index  int    // dense index among nodes or links
}

// Lookup returns the asset (node or link) with the given ID.
func Lookup(net *network.Network, id string) (Asset, bool) {
	if i, ok := net.NodeIndex(id); ok {
		return Asset{ID: id, Index: i}, true
	}
	if i, ok := net.LinkIndex(id); ok {
		return Asset{ID: id, IsLink: true, Index: i}, true
	}
	return Asset{}, false
}

// SetScale sets the capacity multiplier of the node or link with the given
// ID: 0 takes it out of service, 1 restores it, values between derate it.
// It returns an error for an unknown ID or a scale that is negative, NaN or
// infinite.
func (s *State) SetScale(id string, scale float64) error {
	if math.IsNaN(scale) || math.IsInf(scale, 0) || scale < 0 {
		return fmt.Errorf("supply: asset %q: scale %g is not a finite value ≥ 0", id, scale)
	}
	a, ok := Lookup(s.net, id)
	if !ok {
		return fmt.Errorf("supply: unknown asset %q", id)
	}
	if a.IsLink {
		s.LinkScale[a.Index] = scale
	} else {
		s.NodeScale[a.Index] = scale
	}
	return nil
}

// SetOut takes the node or link with the given ID out of service (out true)
// or returns it to full service (out false).
func (s *State) SetOut(id string, out bool) error {
	if out {
		return s.SetScale(id, 0)
	}
	return s.SetScale(id, 1)
}

// SetDemand sets the demand of the consumer with the given ID, in the flow
// unit. It returns an error for an unknown ID, a node that is not a
// consumer, or a demand that is negative, NaN or infinite.
func (s *State) SetDemand(id string, demand float64) error {
	i, ok := s.net.NodeIndex(id)
	if !ok {
		return fmt.Errorf("supply: unknown consumer %q", id)
	}
	if s.net.Role(i) != network.Consumer {
		return fmt.Errorf("supply: node %q is a %s, not a consumer", id, s.net.Role(i))
	}
	if math.IsNaN(demand) || math.IsInf(demand, 0) || demand < 0 {
		return fmt.Errorf("supply: consumer %q: demand %g is not a finite value ≥ 0", id, demand)
	}
	s.Demand[i] = demand
	return nil
}

// check validates the slices written directly by callers.
func (s *State) check() error {
	if len(s.NodeScale) != s.net.NumNodes() || len(s.Demand) != s.net.NumNodes() || len(s.LinkScale) != s.net.NumLinks() {
		return fmt.Errorf("supply: state slices do not match the network's %d nodes and %d links", s.net.NumNodes(), s.net.NumLinks())
	}
	// One comparison pair rejects NaN (every comparison false), negatives
	// and +Inf; the messages come from a second look only on failure.
	dem := s.Demand[:len(s.NodeScale)]
	for i, v := range s.NodeScale {
		d := dem[i]
		if !(v >= 0 && v <= math.MaxFloat64) {
			return fmt.Errorf("supply: node %q: scale %g is not a finite value ≥ 0", s.net.NodeID(i), v)
		}
		if !(d >= 0 && d <= math.MaxFloat64) {
			return fmt.Errorf("supply: node %q: demand %g is not a finite value ≥ 0", s.net.NodeID(i), d)
		}
		if d != 0 && s.net.Role(i) != network.Consumer {
			return fmt.Errorf("supply: node %q: demand %g on a %s", s.net.NodeID(i), d, s.net.Role(i))
		}
	}
	for i, v := range s.LinkScale {
		if !(v >= 0 && v <= math.MaxFloat64) {
			return fmt.Errorf("supply: link %q: scale %g is not a finite value ≥ 0", s.net.LinkID(i), v)
		}
	}
	return nil
}
