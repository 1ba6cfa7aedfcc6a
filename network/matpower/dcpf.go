package matpower

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// ErrNoReference is wrapped by the error of a DC power flow with an island
// (a set of buses joined by in-service branches) that has no reference bus
// with a generator in service to balance it.
var ErrNoReference = errors.New("matpower: island without a reference bus")

// DCBus is the voltage angle of one bus in a DC power flow.
type DCBus struct {
	ID       int     // bus number
	AngleDeg float64 // voltage angle, degrees
	// Islanded is true for a bus that was not solved: an isolated bus (type
	// 4), or a bus in an island without a reference bus where nothing is
	// generated or drawn. AngleDeg is then the case's Va.
	Islanded bool
}

// DCBranch is the flow on one branch in a DC power flow.
type DCBranch struct {
	Row      int // 1-based row in the branch matrix
	From, To int // bus numbers as in the file
	// FlowMW is the real power flowing from From to To, MW (negative when
	// it flows from To to From); the DC model is lossless, so it is the same
	// at both ends. It is 0 for a branch out of service.
	FlowMW float64
	RateA  float64 // long-term rating, MVA; 0 means unlimited
	// Loading is |FlowMW| / RateA, 0 when RateA is 0 (unlimited).
	Loading   float64
	InService bool
}

// DCSlack is the output of the slack generator of one island.
type DCSlack struct {
	Bus  int     // the reference bus number
	Gen  int     // 1-based row of the slack generator in the gen matrix
	PgMW float64 // its real output, MW
}

// DCResult is the solution of a DC power flow.
type DCResult struct {
	Buses    []DCBus    // in the order of the bus matrix
	Branches []DCBranch // in the order of the branch matrix, out-of-service ones included
	Slacks   []DCSlack  // one per solved island, in the order of their reference buses
	// SlackGenMW is the output of the slack generator, MW; with several
	// islands, the sum over their slack generators.
	SlackGenMW float64
}

// Overloaded returns the branches loaded above their RateA (Loading > 1),
// in row order. Branches without a rating are never overloaded.
func (r *DCResult) Overloaded() []DCBranch {
	var out []DCBranch
	for _, b := range r.Branches {
		if b.Loading > 1 {
			out = append(out, b)
		}
	}
	return out
}

// DCPowerFlow solves the DC power-flow model of the case as MATPOWER's
// rundcpf does, and returns bus angles, branch flows and the output of the
// slack generator.
//
// Each in-service branch has the series susceptance b = 1/(x·tap), where tap
// is the ratio or 1 when the ratio is 0, and a phase shift φ (the angle
// column, degrees) that injects b·φ at its to bus and draws it at its from
// bus (MATPOWER's Pbusinj and Pfinj). The injection at each bus is the Pg of
// its in-service generators minus Pd minus Gs (the shunt's real power at 1
// pu, as MATPOWER subtracts it), in per unit on BaseMVA. The reference bus
// (type 3) of each island keeps its Va and takes up the imbalance: its
// first in-service generator, in file order, produces its Pg plus the
// mismatch. The other angles solve B'θ = P, and each branch carries
// b·(θfrom − θto − φ) × BaseMVA MW.
//
// Isolated buses (type 4) and their branches and generators take no part,
// as in MATPOWER. An island without a reference bus is an error wrapping
// ErrNoReference, unless nothing in it is generated, drawn or phase-shifted
// (its buses are then marked Islanded); so is a reference bus without an
// in-service generator. An island with two reference buses, a branch with
// x = 0 in service, or an ill-conditioned system is an error too.
//
// Each island is solved densely (Cholesky, or LU when negative reactances
// make B' indefinite): O(n³) time and O(n²) memory for an island of n buses,
// meant for cases of up to a few thousand buses. DCPowerFlow does not change
// the case and is safe for concurrent use with other reads of it.
func (c *Case) DCPowerFlow() (*DCResult, error) { return c.dc(nil) }

// Overloads screens a contingency: it solves the DC power flow with the
// branches on the given rows (1-based, as in "br<k>") taken out of service,
// and returns the branches loaded above RateA, in row order. A row out of
// range is an error; a contingency that leaves an island without a
// reference bus (a generator or load cut off) returns an error wrapping
// ErrNoReference. See DCPowerFlow.
func (c *Case) Overloads(out []int) ([]DCBranch, error) {
	off := make([]bool, len(c.Branches))
	for _, k := range out {
		if k < 1 || k > len(c.Branches) {
			return nil, fmt.Errorf("matpower: branch row %d out of range [1, %d]", k, len(c.Branches))
		}
		off[k-1] = true
	}
	res, err := c.dc(off)
	if err != nil {
		return nil, err
	}
	return res.Overloaded(), nil
}

// edge is an in-service branch in the DC model.
type edge struct {
	row   int     // index in c.Branches
	f, t  int     // bus indices
	b     float64 // series susceptance, pu
	pfinj float64 // phase-shift injection at the from end, pu
}

// dc solves the DC power flow with the branches marked in off taken out.
func (c *Case) dc(off []bool) (*DCResult, error) {
	base := c.BaseMVA
	if !(base > 0) || math.IsInf(base, 0) {
		return nil, fmt.Errorf("matpower: baseMVA %g is not a positive number", base)
	}
	nb := len(c.Buses)
	idx := make(map[int]int, nb)
	for i, b := range c.Buses {
		if _, dup := idx[b.ID]; dup {
			return nil, fmt.Errorf("matpower: duplicate bus number %d", b.ID)
		}
		idx[b.ID] = i
	}
	isolated := func(i int) bool { return c.Buses[i].Type == 4 }

	var edges []edge
	for k, br := range c.Branches {
		f, okF := idx[br.From]
		t, okT := idx[br.To]
		if !okF || !okT {
			return nil, fmt.Errorf("matpower: branch %d (%d-%d): unknown bus", k+1, br.From, br.To)
		}
		if br.Status <= 0 || (off != nil && off[k]) || isolated(f) || isolated(t) {
			continue
		}
		tap := br.Ratio
		if tap == 0 {
			tap = 1
		}
		b := 1 / (br.X * tap)
		if br.X == 0 || math.IsInf(b, 0) || math.IsNaN(b) {
			return nil, fmt.Errorf("matpower: branch %d (%d-%d): x = %g and ratio %g give no finite susceptance for the DC model", k+1, br.From, br.To, br.X, br.Ratio)
		}
		edges = append(edges, edge{row: k, f: f, t: t, b: b, pfinj: -b * br.Angle * math.Pi / 180})
	}

	// Injections in pu, as MATPOWER: Pg − Pd − Gs − Pbusinj.
	pbus := make([]float64, nb)
	for i, b := range c.Buses {
		pbus[i] = -(b.Pd + b.Gs) / base
	}
	slackGen := make([]int, nb)
	for i := range slackGen {
		slackGen[i] = -1
	}
	for k, g := range c.Gens {
		i, ok := idx[g.Bus]
		if !ok {
			return nil, fmt.Errorf("matpower: gen %d: unknown bus %d", k+1, g.Bus)
		}
		if g.Status <= 0 || isolated(i) {
			continue
		}
		pbus[i] += g.Pg / base
		if slackGen[i] < 0 {
			slackGen[i] = k
		}
	}
	for _, e := range edges {
		pbus[e.f] -= e.pfinj
		pbus[e.t] += e.pfinj
	}

	// Islands, by union-find over the in-service branches.
	parent := make([]int, nb)
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, e := range edges {
		a, b := find(e.f), find(e.t)
		if a != b {
			parent[max(a, b)] = min(a, b)
		}
	}
	islandOf := make([]int, nb) // island number, islands numbered by their first bus
	var islands [][]int
	first := make(map[int]int)
	for i := range nb {
		r := find(i)
		k, ok := first[r]
		if !ok {
			k = len(islands)
			first[r] = k
			islands = append(islands, nil)
		}
		islandOf[i] = k
		islands[k] = append(islands[k], i)
	}
	edgesOf := make([][]edge, len(islands))
	for _, e := range edges {
		k := islandOf[e.f]
		edgesOf[k] = append(edgesOf[k], e)
	}

	theta := make([]float64, nb) // radians
	res := &DCResult{Buses: make([]DCBus, nb), Branches: make([]DCBranch, len(c.Branches))}
	for i, b := range c.Buses {
		theta[i] = b.Va * math.Pi / 180
		res.Buses[i] = DCBus{ID: b.ID, AngleDeg: b.Va}
	}
	var s solver
	for k, buses := range islands {
		if len(buses) == 1 && isolated(buses[0]) {
			res.Buses[buses[0]].Islanded = true
			continue
		}
		var refs []int
		for _, i := range buses {
			if c.Buses[i].Type == 3 {
				refs = append(refs, i)
			}
		}
		switch {
		case len(refs) == 0:
			if dead(buses, edgesOf[k], pbus) {
				for _, i := range buses {
					res.Buses[i].Islanded = true
				}
				continue
			}
			return nil, fmt.Errorf("%w: buses %s", ErrNoReference, c.busList(buses))
		case len(refs) > 1:
			return nil, fmt.Errorf("matpower: island of buses %s has %d reference buses (%s); want one", c.busList(buses), len(refs), c.busList(refs))
		}
		ref := refs[0]
		if slackGen[ref] < 0 {
			return nil, fmt.Errorf("%w: reference bus %d has no generator in service", ErrNoReference, c.Buses[ref].ID)
		}
		if err := s.solve(buses, ref, edgesOf[k], pbus, theta); err != nil {
			return nil, fmt.Errorf("matpower: island of reference bus %d: %w", c.Buses[ref].ID, err)
		}
		// Slack: Pg + (B'θ at the reference bus − P there) × base.
		var bt float64
		for _, e := range edgesOf[k] {
			switch ref {
			case e.f:
				bt += e.b * (theta[e.f] - theta[e.t])
			case e.t:
				bt += e.b * (theta[e.t] - theta[e.f])
			}
		}
		g := slackGen[ref]
		pg := c.Gens[g].Pg + (bt-pbus[ref])*base
		res.Slacks = append(res.Slacks, DCSlack{Bus: c.Buses[ref].ID, Gen: g + 1, PgMW: pg})
		res.SlackGenMW += pg
		for _, i := range buses {
			res.Buses[i].AngleDeg = theta[i] * 180 / math.Pi
		}
	}
	for k, br := range c.Branches {
		res.Branches[k] = DCBranch{Row: k + 1, From: br.From, To: br.To, RateA: br.RateA}
	}
	for _, e := range edges {
		d := &res.Branches[e.row]
		d.InService = true
		d.FlowMW = (e.b*(theta[e.f]-theta[e.t]) + e.pfinj) * base
		if d.RateA > 0 {
			d.Loading = math.Abs(d.FlowMW) / d.RateA
		}
	}
	return res, nil
}

// dead reports whether nothing is injected, drawn or phase-shifted in an
// island, so that flat angles solve it.
func dead(buses []int, edges []edge, pbus []float64) bool {
	for _, i := range buses {
		if pbus[i] != 0 {
			return false
		}
	}
	for _, e := range edges {
		if e.pfinj != 0 {
			return false
		}
	}
	return true
}

// busList formats bus numbers for an error, the first few only.
func (c *Case) busList(buses []int) string {
	const most = 8
	var b strings.Builder
	for k, i := range buses {
		if k == most {
			fmt.Fprintf(&b, ", … (%d in all)", len(buses))
			break
		}
		if k > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(c.Buses[i].ID))
	}
	return b.String()
}

// solver solves B'θ = P for one island. Its buffers are reused from island
// to island.
type solver struct {
	loc  []int // local index of each bus of the case, -1 for the reference
	chol mat.Cholesky
	lu   mat.LU
}

// solve fills theta for the buses of an island other than ref, whose angle
// theta[ref] is given.
func (s *solver) solve(buses []int, ref int, edges []edge, pbus, theta []float64) error {
	if len(s.loc) < len(pbus) {
		s.loc = make([]int, len(pbus))
	}
	n := 0
	for _, i := range buses {
		if i == ref {
			s.loc[i] = -1
			continue
		}
		s.loc[i] = n
		n++
	}
	if n == 0 {
		return nil
	}
	a := mat.NewSymDense(n, nil)
	rhs := mat.NewVecDense(n, nil)
	for _, i := range buses {
		if l := s.loc[i]; l >= 0 {
			rhs.SetVec(l, pbus[i])
		}
	}
	for _, e := range edges {
		lf, lt := s.loc[e.f], s.loc[e.t]
		if lf >= 0 {
			a.SetSym(lf, lf, a.At(lf, lf)+e.b)
		}
		if lt >= 0 {
			a.SetSym(lt, lt, a.At(lt, lt)+e.b)
		}
		switch {
		case lf >= 0 && lt >= 0:
			a.SetSym(lf, lt, a.At(lf, lt)-e.b)
		case lf >= 0: // the to end is the reference
			rhs.SetVec(lf, rhs.AtVec(lf)+e.b*theta[e.t])
		case lt >= 0:
			rhs.SetVec(lt, rhs.AtVec(lt)+e.b*theta[e.f])
		}
	}
	x := mat.NewVecDense(n, nil)
	var err error
	if s.chol.Factorize(a) {
		err = s.chol.SolveVecTo(x, rhs)
	} else {
		s.lu.Factorize(a)
		err = s.lu.SolveVecTo(x, false, rhs)
	}
	if err != nil {
		return fmt.Errorf("the DC power-flow matrix is singular or ill-conditioned (%v)", err)
	}
	for _, i := range buses {
		if l := s.loc[i]; l >= 0 {
			theta[i] = x.AtVec(l)
		}
	}
	return nil
}
