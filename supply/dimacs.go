package supply

import (
	"errors"
	"fmt"
	"math"
)

// Arc is one directed arc of a plain maximum-flow instance: From and To are
// vertex indices from 0, Cap is the arc's capacity.
type Arc struct {
	From, To int
	Cap      float64
}

// MaxFlow returns the value of a maximum flow from s to t in the directed
// graph of n vertices (indices 0..n-1) and the given arcs, computed with
// the same Dinic implementation that Solver uses, on the arcs as given (none
// of Solver's reductions for radial networks apply). Parallel arcs and
// self-loops are allowed.
//
// Capacities must be finite and not negative. With integer capacities whose
// total stays below 2^53 every step is exact in float64, so the value is
// the exact integer maximum flow.
//
// It returns an error, and does no work, if n < 2, n exceeds the int32
// range, s or t is out of range, s equals t, or an arc has an end out of
// range or a negative, NaN or infinite capacity; every bad arc is named (by
// its position in arcs, from 0), up to 10 of them.
//
// Cost: O(n + m) time and memory to build the residual graph, plus Dinic's
// phases, O(n² m) in the worst case and about O(n + m) per phase on the
// forests with a few extra links that city networks are. It is safe for
// concurrent use.
func MaxFlow(n int, arcs []Arc, s, t int) (float64, error) {
	if err := checkMaxFlow(n, arcs, s, t); err != nil {
		return 0, err
	}
	specs := make([]arcSpec, len(arcs))
	for i, a := range arcs {
		specs[i] = arcSpec{int32(a.From), int32(a.To)}
	}
	var g flowGraph
	pos := g.build(n, specs, int32(s), int32(t))
	for i, a := range arcs {
		g.capa[pos[i]] = a.Cap
	}
	g.reset()
	g.eps = 0
	return g.augment(), nil
}

// checkMaxFlow validates MaxFlow's input and reports every problem found,
// up to 10 bad arcs.
func checkMaxFlow(n int, arcs []Arc, s, t int) error {
	var errs []error
	if n < 2 || n > math.MaxInt32-1 {
		return fmt.Errorf("supply: MaxFlow: %d vertices; want 2 to %d", n, math.MaxInt32-1)
	}
	if s < 0 || s >= n {
		errs = append(errs, fmt.Errorf("supply: MaxFlow: source %d out of range [0, %d)", s, n))
	}
	if t < 0 || t >= n {
		errs = append(errs, fmt.Errorf("supply: MaxFlow: sink %d out of range [0, %d)", t, n))
	}
	if s == t {
		errs = append(errs, fmt.Errorf("supply: MaxFlow: source and sink are both vertex %d", s))
	}
	if len(arcs) > (math.MaxInt32-1)/2 {
		errs = append(errs, fmt.Errorf("supply: MaxFlow: %d arcs; at most %d", len(arcs), (math.MaxInt32-1)/2))
	}
	bad := 0
	for i, a := range arcs {
		var msg string
		switch {
		case a.From < 0 || a.From >= n || a.To < 0 || a.To >= n:
			msg = fmt.Sprintf("end out of range [0, %d)", n)
		case math.IsNaN(a.Cap) || math.IsInf(a.Cap, 0) || a.Cap < 0:
			msg = fmt.Sprintf("capacity %g is not a finite value ≥ 0", a.Cap)
		default:
			continue
		}
		bad++
		if bad <= 10 {
			errs = append(errs, fmt.Errorf("supply: MaxFlow: arc %d (%d→%d): %s", i, a.From, a.To, msg))
		}
	}
	if bad > 10 {
		errs = append(errs, fmt.Errorf("supply: MaxFlow: %d more bad arcs", bad-10))
	}
	return errors.Join(errs...)
}
