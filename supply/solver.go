package supply

import (
	"errors"

	"github.com/lifeline-sim/lifeline/network"
)

// Policy decides how a shortage is shared among consumers.
type Policy int

const (
	// PriorityFair serves classes in rank order and shares a shortage
	// max-min fairly over coverage ratios inside a class. The default.
	PriorityFair Policy = iota
	// Proportional treats every consumer as one class, max-min fair over
	// coverage ratios.
	Proportional
)

// String returns "priority-fair" or "proportional".
func (p Policy) String() string {
	switch p {
	case PriorityFair:
		return "priority-fair"
	case Proportional:
		return "proportional"
	}
	return "unknown"
}

// Options configures a Solver. The zero value is the default.
type Options struct {
	// Policy shares a shortage. If it equals zero, PriorityFair.
	Policy Policy
	// Tolerance is the relative precision of the allocation: flows closer
	// than Tolerance × (total demand) count as equal. If it equals zero,
	// 1e-9.
	Tolerance float64
}

// Solver allocates supply on one network. It keeps its work buffers, so
// after the first solve a solve allocates nothing. A Solver is not safe for
// concurrent use; use one per goroutine (they may share the Network).
type Solver struct {
	net *network.Network
	opt Options
}

// NewSolver returns a Solver for net.
func NewSolver(net *network.Network, opt Options) *Solver {
	return &Solver{net: net, opt: opt}
}

// Solve allocates supply in state st (nil means the network as built) and
// writes the allocation into res, reusing its slices. It returns an error if
// st belongs to another network or holds a negative, NaN or infinite value.
func (s *Solver) Solve(st *State, res *Result) error {
	return errors.New("supply: not implemented")
}

// Solve is a convenience that allocates a Solver and a Result for one solve
// of st (nil means net as built).
func Solve(net *network.Network, st *State, opt Options) (*Result, error) {
	var res Result
	if err := NewSolver(net, opt).Solve(st, &res); err != nil {
		return nil, err
	}
	return &res, nil
}
