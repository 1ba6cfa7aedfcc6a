package scenario

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/shopspring/decimal"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply"
)

// ContingencyOptions configures Contingency. The zero value is the default:
// priority-fair allocation, every source, station and storage and every link
// taken out in turn, N-2 over the 10 worst single outages, one solver per
// processor, no overload check.
type ContingencyOptions struct {
	// Policy shares a shortage in every case. If it equals zero,
	// supply.PriorityFair.
	Policy supply.Policy
	// Roles are the node roles whose nodes are taken out one at a time. If
	// it is nil, sources, stations and storage; an empty non-nil slice takes
	// out no node.
	Roles []network.Role
	// SkipLinks leaves links out of the study. If it is false, every link is
	// taken out in turn as well.
	SkipLinks bool
	// WorstK is the number of worst single outages whose pairs make the N-2
	// study: all K(K−1)/2 pairs of the first K cases of the N-1 ranking are
	// solved. If it equals zero, 10; if it is negative, there is no N-2
	// study.
	WorstK int
	// Workers is the number of solvers run in parallel. If it is zero or
	// negative, runtime.GOMAXPROCS(0). The report does not depend on it.
	Workers int
	// Overloads, if not nil, checks every state for links loaded above
	// their rating, a question the allocation does not ask: it answers for
	// the physics of the network (a power flow, say), where the allocation
	// only respects capacities. It is given the IDs of the assets out of
	// service in the state — those out in the base case (scale 0; derated
	// assets are not out) and the case's Assets — in network order (nodes
	// before links, each by index), in a slice of its own, empty for the
	// base case as built; it returns the IDs of the links loaded above
	// their rating, which become ContingencyCase.Overloaded. It is called
	// once per case, base included, by the worker that solved the case, so
	// several calls may run at once: it must be safe for concurrent use,
	// and for the report not to depend on Workers, its answer must depend
	// on out only. An error it returns stops the study, and Contingency
	// returns it wrapped. If Overloads is nil, nothing is checked.
	Overloads func(out []string) ([]string, error)
}

// ContingencyCase is the outcome of one state: the base case or the base
// case with one or two more assets out of service. Flows are in the
// network's flow unit (network.Kind.Unit); values of lost load are money per
// hour (the classes' VoLL, money per kWh or m³, times a flow).
type ContingencyCase struct {
	// Assets are the IDs of the assets taken out beyond the base case: one
	// for N-1, two for N-2, none for the base case. They are in network
	// order: nodes before links, each by index.
	Assets []string
	// Unserved is the total demand not served in this state, Σ over
	// consumers of demand − served. A consumer's shortfall below 1e-9 × the
	// base case's total demand is numerical noise and counts as 0.
	Unserved float64
	// AddedUnserved is Unserved minus the base case's Unserved. It can be
	// negative (rarely: an outage may free capacity for a lower class).
	AddedUnserved float64
	// ValueLost is Σ over consumers, in consumer index order, of
	// decimal.NewFromFloat(consumer's unserved) × its class's VoLL: money
	// per hour, exact in decimal.
	ValueLost decimal.Decimal
	// AddedValueLost is ValueLost minus the base case's ValueLost.
	AddedValueLost decimal.Decimal
	// CriticalCoverage is the coverage by volume (served/demand) of the
	// consumers of the classes with the smallest Rank (the critical class
	// by default), taken together; 1 when they demand nothing.
	CriticalCoverage float64
	// ConsumersAffected counts the consumers whose served amount dropped
	// versus the base case by more than 1e-6 × the base case's total demand
	// (at least 1e-6 flow units). Always 0 for the base case.
	ConsumersAffected int
	// CustomersAffected sums the customer accounts behind those consumers.
	CustomersAffected int
	// Bottlenecks are the IDs of the saturated assets of the minimum cut
	// that limits supply in this state (see supply.Result.Bottlenecks).
	Bottlenecks []string
	// Overloaded are the IDs of the links loaded above their rating in
	// this state, as ContingencyOptions.Overloads returns them; nil when
	// it returns none or is nil. Overloads do not change the ranking.
	Overloaded []string
}

// ContingencyReport is the result of a contingency study.
type ContingencyReport struct {
	// Network is the network's name.
	Network string
	// Base is the case of the state given, with no asset taken out.
	Base ContingencyCase
	// N1 holds one case per asset taken out alone, ranked: AddedValueLost
	// descending, then AddedUnserved descending, then Assets ascending
	// (compared ID by ID). So that rounding noise does not decide the order
	// of cases that are equal, AddedValueLost is compared rounded to 6
	// decimal places and AddedUnserved to multiples of 1e-9 × the base
	// case's total demand. Overloaded plays no part in the ranking, which
	// is by the harm to consumers only.
	N1 []ContingencyCase
	// N2 holds one case per pair of the WorstK first N-1 cases, ranked as
	// N1. Nil when there is no N-2 study.
	N2 []ContingencyCase
}

// Contingency runs an N-1 study, and an N-2 study on the worst single
// outages, of net in state st, and ranks the assets by the harm their loss
// causes: the value of lost load it adds, then the unserved demand it adds.
//
// The base case is st (nil means net as built): its outages, derates and
// demands. Contingency works on copies and never modifies st. The
// candidates are the nodes of opt.Roles and, unless opt.SkipLinks, the
// links, in network order (nodes before links, each by index); assets
// already out of service in st (scale 0) are skipped, and a derated asset
// is taken out completely. Each case sets the candidate's scale to 0 and
// solves the allocation with opt.Policy. The N-2 study then takes out every
// pair of the assets of the first opt.WorstK cases of the N-1 ranking.
//
// Cases are solved in parallel by opt.Workers workers, each with its own
// supply.Solver, State and Result; the Network is shared. The report is the
// same whatever the number of workers: every case is solved from the same
// state, and the rankings have no ties (asset IDs are unique).
//
// Complexity: one solve for the base case, one per candidate for N-1 (n + m
// solves at most for n nodes and m links), K(K−1)/2 for N-2. A solve costs
// one maximum flow when supply meets demand and a few per distinct coverage
// level under a shortage. Memory: one solver of O(n + m) per worker.
//
// Errors: an unknown policy or role, or a st of another network
// (supply.ErrStateMismatch), or a st holding invalid values (as reported by
// supply.Solver.Solve). When ctx is cancelled, Contingency stops starting
// solves and returns a nil report and ctx.Err(); cases already solved are
// discarded.
//
// With opt.Overloads, every case, the base case included, also lists the
// links loaded above their rating (ContingencyCase.Overloaded): each worker
// calls opt.Overloads for the cases it solves, right after solving them.
// The lists are reported but do not change the ranking, which stays by the
// value of lost load and the unserved demand: an outage that overloads a
// line without cutting supply ranks as one that harms nobody. An error from
// opt.Overloads stops the study like a solver error.
func Contingency(ctx context.Context, net *network.Network, st *supply.State, opt ContingencyOptions) (*ContingencyReport, error) {
	if net == nil {
		return nil, errors.New("scenario: contingency of a nil network")
	}
	if opt.Policy != supply.PriorityFair && opt.Policy != supply.Proportional {
		return nil, fmt.Errorf("scenario: contingency: unknown policy %d", int(opt.Policy))
	}
	roles := opt.Roles
	if roles == nil {
		roles = []network.Role{network.Source, network.Station, network.Storage}
	}
	for _, r := range roles {
		if !r.Valid() {
			return nil, fmt.Errorf("scenario: contingency: unknown role %q", string(r))
		}
	}
	if st != nil && st.Network() != net {
		return nil, fmt.Errorf("scenario: contingency: %w", supply.ErrStateMismatch)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	r := &contRun{net: net, opt: supply.Options{Policy: opt.Policy}}
	r.base = supply.NewState(net)
	if st != nil {
		r.base.CopyFrom(st)
	}
	r.prepare()

	// The base case, on the first worker.
	w0 := r.newWorker()
	if err := w0.solver.Solve(w0.st, &w0.res); err != nil {
		return nil, fmt.Errorf("scenario: contingency: base case: %w", err)
	}
	r.setBase(&w0.res)
	rep := &ContingencyReport{Network: net.Name(), Base: r.summarize(nil, &w0.res)}
	r.overloads = opt.Overloads
	for v := range net.NumNodes() {
		if r.base.NodeScale[v] == 0 {
			r.baseOut = append(r.baseOut, supply.Asset{ID: net.NodeID(v), Index: v})
		}
	}
	for l := range net.NumLinks() {
		if r.base.LinkScale[l] == 0 {
			r.baseOut = append(r.baseOut, supply.Asset{ID: net.LinkID(l), IsLink: true, Index: l})
		}
	}
	if err := r.checkOverloads(&rep.Base, nil); err != nil {
		return nil, fmt.Errorf("scenario: contingency: base case: %w", err)
	}

	// Candidates, in network order.
	var cands []supply.Asset
	for v := range net.NumNodes() {
		if slices.Contains(roles, net.Role(v)) && r.base.NodeScale[v] > 0 {
			cands = append(cands, supply.Asset{ID: net.NodeID(v), Index: v})
		}
	}
	if !opt.SkipLinks {
		for l := range net.NumLinks() {
			if r.base.LinkScale[l] > 0 {
				cands = append(cands, supply.Asset{ID: net.LinkID(l), IsLink: true, Index: l})
			}
		}
	}
	r.cands = cands

	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ws := []*contWorker{w0}

	// N-1.
	jobs := make([][]int, len(cands))
	for i := range cands {
		jobs[i] = []int{i}
	}
	n1, err := r.runAll(ctx, &ws, workers, jobs)
	if err != nil {
		return nil, err
	}
	order := contRank(n1, r.noise)
	rep.N1 = make([]ContingencyCase, len(order))
	for i, j := range order {
		rep.N1[i] = n1[j]
	}

	// N-2 on the worst K.
	k := opt.WorstK
	if k == 0 {
		k = 10
	}
	if k < 0 {
		return rep, nil
	}
	worst := make([]int, 0, k)
	for _, j := range order[:min(k, len(order))] {
		worst = append(worst, jobs[j][0])
	}
	slices.Sort(worst) // network order inside each pair
	jobs = jobs[:0]
	for a := range worst {
		for b := a + 1; b < len(worst); b++ {
			jobs = append(jobs, []int{worst[a], worst[b]})
		}
	}
	n2, err := r.runAll(ctx, &ws, workers, jobs)
	if err != nil {
		return nil, err
	}
	order = contRank(n2, r.noise)
	rep.N2 = make([]ContingencyCase, len(order))
	for i, j := range order {
		rep.N2[i] = n2[j]
	}
	return rep, nil
}

// contCompare orders cases by harm: AddedValueLost descending, then
// AddedUnserved descending, then Assets ascending. Values are compared
// rounded, to a millionth of money per hour and to multiples of quantum
// flow units, so that rounding noise of the solver does not decide between
// cases that are equal: ties go to the asset IDs.
func contCompare(a, b *ContingencyCase, quantum float64) int {
	if c := b.AddedValueLost.Round(contPlaces).Cmp(a.AddedValueLost.Round(contPlaces)); c != 0 {
		return c
	}
	if c := cmp.Compare(math.Round(b.AddedUnserved/quantum), math.Round(a.AddedUnserved/quantum)); c != 0 {
		return c
	}
	return slices.Compare(a.Assets, b.Assets)
}

// contRank returns the indices of cs in ranking order.
func contRank(cs []ContingencyCase, quantum float64) []int {
	idx := make([]int, len(cs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(i, j int) int {
		if c := contCompare(&cs[i], &cs[j], quantum); c != 0 {
			return c
		}
		return cmp.Compare(i, j)
	})
	return idx
}

const (
	// contNoise is the relative size of a shortfall treated as numerical
	// noise of the solver (its default tolerance).
	contNoise = 1e-9
	// contAffected is the relative drop of a consumer's supply that counts
	// as affected.
	contAffected = 1e-6
	// contPlaces is the number of decimal places of money per hour that
	// the ranking compares.
	contPlaces = 6
)

// contRun is the shared, read-only data of one study.
type contRun struct {
	net   *network.Network
	opt   supply.Options
	base  *supply.State
	cands []supply.Asset

	voll     []decimal.Decimal // per class
	topRank  []bool            // per class: has the smallest rank
	noise    float64           // absolute shortfall treated as 0
	affected float64           // absolute drop counted as affected

	baseServed   []float64 // per node
	baseUnserved float64
	baseValue    decimal.Decimal

	overloads func(out []string) ([]string, error) // nil: not checked
	baseOut   []supply.Asset                       // out of service in the base case, in network order
}

// contWorker is one solver with its own state and result.
type contWorker struct {
	solver *supply.Solver
	st     *supply.State
	res    supply.Result
}

func (r *contRun) prepare() {
	net := r.net
	nc := net.NumClasses()
	r.voll = make([]decimal.Decimal, nc)
	r.topRank = make([]bool, nc)
	for i := range nc {
		c := net.Class(i)
		r.voll[i] = c.VoLL
		r.topRank[i] = c.Rank == net.Class(0).Rank // classes are sorted by rank
	}
	var total float64
	for _, c := range net.Consumers() {
		total += r.base.Demand[c]
	}
	r.noise = contNoise * max(total, 1)
	r.affected = contAffected * max(total, 1)
}

func (r *contRun) newWorker() *contWorker {
	w := &contWorker{solver: supply.NewSolver(r.net, r.opt), st: supply.NewState(r.net)}
	w.st.CopyFrom(r.base)
	return w
}

// setBase records the base case's allocation.
func (r *contRun) setBase(res *supply.Result) {
	r.baseServed = slices.Clone(res.Served)
	c := r.summarize(nil, res)
	r.baseUnserved, r.baseValue = c.Unserved, c.ValueLost
}

// summarize turns the allocation of one case into a ContingencyCase. Before
// setBase, the added quantities and the affected counts are meaningless.
func (r *contRun) summarize(assets []int, res *supply.Result) ContingencyCase {
	net := r.net
	var c ContingencyCase
	if len(assets) > 0 {
		c.Assets = make([]string, len(assets))
		for i, a := range assets {
			c.Assets[i] = r.cands[a].ID
		}
	}
	value := decimal.Zero
	for _, v := range net.Consumers() {
		u := res.Demand[v] - res.Served[v]
		if u <= r.noise {
			u = 0
		}
		if u > 0 {
			c.Unserved += u
			value = value.Add(decimal.NewFromFloat(u).Mul(r.voll[net.NodeClass(int(v))]))
		}
		if r.baseServed != nil && r.baseServed[v]-res.Served[v] > r.affected {
			c.ConsumersAffected++
			c.CustomersAffected += net.Customers(int(v))
		}
	}
	c.ValueLost = value
	c.AddedUnserved = c.Unserved - r.baseUnserved
	c.AddedValueLost = value.Sub(r.baseValue)
	var crit supply.Coverage
	for i, top := range r.topRank {
		if top {
			crit.Served += res.ByClass[i].Served
			crit.Demand += res.ByClass[i].Demand
		}
	}
	c.CriticalCoverage = crit.PCS()
	c.Bottlenecks = res.BottleneckIDs()
	return c
}

// solve takes the candidates assets out of w's state, solves, summarizes
// and restores the state.
func (r *contRun) solve(w *contWorker, assets []int) (ContingencyCase, error) {
	var saved [2]float64
	for i, a := range assets {
		ca := r.cands[a]
		if ca.IsLink {
			saved[i], w.st.LinkScale[ca.Index] = w.st.LinkScale[ca.Index], 0
		} else {
			saved[i], w.st.NodeScale[ca.Index] = w.st.NodeScale[ca.Index], 0
		}
	}
	err := w.solver.Solve(w.st, &w.res)
	for i := len(assets) - 1; i >= 0; i-- {
		ca := r.cands[assets[i]]
		if ca.IsLink {
			w.st.LinkScale[ca.Index] = saved[i]
		} else {
			w.st.NodeScale[ca.Index] = saved[i]
		}
	}
	if err != nil {
		return ContingencyCase{}, err
	}
	c := r.summarize(assets, &w.res)
	if err := r.checkOverloads(&c, assets); err != nil {
		return ContingencyCase{}, fmt.Errorf("case %s: %w", strings.Join(c.Assets, "+"), err)
	}
	return c, nil
}

// checkOverloads fills c.Overloaded with the answer of r.overloads for the
// base outages and the candidates assets, if r.overloads is set.
func (r *contRun) checkOverloads(c *ContingencyCase, assets []int) error {
	if r.overloads == nil {
		return nil
	}
	out := make([]supply.Asset, 0, len(r.baseOut)+len(assets))
	out = append(out, r.baseOut...)
	for _, a := range assets {
		out = append(out, r.cands[a])
	}
	// Network order: nodes before links, each by index. Candidates are
	// never out in the base case, so no asset comes twice.
	slices.SortFunc(out, func(a, b supply.Asset) int {
		if a.IsLink != b.IsLink {
			if a.IsLink {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.Index, b.Index)
	})
	ids := make([]string, len(out))
	for i, a := range out {
		ids[i] = a.ID
	}
	over, err := r.overloads(ids)
	if err != nil {
		return fmt.Errorf("overloads: %w", err)
	}
	if len(over) > 0 {
		c.Overloaded = slices.Clone(over)
	}
	return nil
}

// runAll solves every job (a list of candidate indices) with up to workers
// workers, adding workers to *ws as needed, and returns the cases in job
// order.
func (r *contRun) runAll(ctx context.Context, ws *[]*contWorker, workers int, jobs [][]int) ([]ContingencyCase, error) {
	out := make([]ContingencyCase, len(jobs))
	nw := min(workers, len(jobs))
	for len(*ws) < nw {
		*ws = append(*ws, r.newWorker())
	}
	var (
		next   atomic.Int64
		failed atomic.Bool
		wg     sync.WaitGroup
	)
	errs := make([]error, nw)
	for i, w := range (*ws)[:nw] {
		wg.Go(func() {
			for !failed.Load() {
				if err := ctx.Err(); err != nil {
					errs[i] = err
					failed.Store(true)
					return
				}
				j := int(next.Add(1) - 1)
				if j >= len(jobs) {
					return
				}
				c, err := r.solve(w, jobs[j])
				if err != nil {
					errs[i] = fmt.Errorf("scenario: contingency: %w", err)
					failed.Store(true)
					return
				}
				out[j] = c
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}
