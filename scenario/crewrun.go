package scenario

import (
	"math"
	"slices"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/supply"
)

// newTask queues the repair of asset a of utility u, with hands-on work
// left hours drawn from work. Without crews the repair simply takes that
// long from now.
func (r *Run) newTask(u int, a supply.Asset, work crew.WorkTime, minCrew int, left float64) *task {
	n := r.nets[u]
	net := n.u.net
	r.taskSeq++
	t := &task{util: u, asset: a}
	t.ID = r.taskSeq
	t.Network = n.u.id
	t.Asset = a.ID
	t.MinSize = max(minCrew, 1)
	t.Created = r.now
	t.Need = crew.Skill{Kind: net.Kind()}
	t.Work = work
	t.left = left
	if !a.IsLink {
		t.Need.Role = net.Role(a.Index)
	}
	t.Zone = n.zoneOf(r, a)
	r.crewM.tasks++
	if r.p.sc.Crew == nil {
		r.crewM.started(0)
		t.started = true
		r.q.push(r.now+t.left, func(r *Run) { r.finish(t, nil) })
		return t
	}
	t.Impact = -1 // estimated at dispatch, once the state has settled
	r.pending = append(r.pending, t)
	return t
}

// finish completes task t; j is the job that did it, nil for none.
func (r *Run) finish(t *task, j *job) {
	if j != nil {
		if j.stopped {
			return // broken off; the task went back to the queue
		}
		tr := &r.teams[j.team]
		tr.busy -= t.MinSize
		tr.jobs = slices.DeleteFunc(tr.jobs, func(x *job) bool { return x == j })
	}
	t.left = 0
	r.crewM.completed++
	r.crewM.restore = math.Max(r.crewM.restore, r.now-t.Created)
	if t.onDone != nil {
		t.onDone(r)
	}
}

// stopJobs breaks off jobs of team i while it has more members on jobs
// than available, the job dispatched last first (ties: the higher task
// ID). A stopped job keeps the hands-on work done so far (none while the
// team is still travelling) and its task goes back to the queue, where
// any team that can take it may; a job whose work is done finishes
// instead.
func (r *Run) stopJobs(i int) {
	tr := &r.teams[i]
	for tr.busy > tr.avail && len(tr.jobs) > 0 {
		k := len(tr.jobs) - 1
		for m := k - 1; m >= 0; m-- {
			a, b := tr.jobs[m], tr.jobs[k]
			if a.dispatch > b.dispatch || (a.dispatch == b.dispatch && a.t.ID > b.t.ID) {
				k = m
			}
		}
		j := tr.jobs[k]
		t := j.t
		if r.now > j.arrive {
			t.left = math.Max(t.left-(r.now-j.arrive), 0)
		}
		if t.left <= workTolerance*math.Max(1, r.now) {
			r.finish(t, j)
			continue
		}
		j.stopped = true
		tr.busy -= t.MinSize
		tr.jobs = slices.Delete(tr.jobs, k, k+1)
		t.Impact = -1
		r.pending = append(r.pending, t)
		slices.SortFunc(r.pending, func(a, b *task) int { return a.ID - b.ID })
		r.crewM.stopped++
	}
}

// workTolerance absorbs rounding in the work left on a stopped job, in
// hours per hour of clock.
const workTolerance = 1e-9

// dispatch assigns waiting tasks to teams, team by team in roster order,
// with the roster's policy choosing among the tasks each team can take.
func (r *Run) dispatch() {
	ro := r.p.sc.Crew
	pol := ro.Policy()
	for _, t := range r.pending {
		if t.Impact < 0 {
			t.Impact = r.nets[t.util].impact(r, t.asset)
		}
		t.Zone = r.nets[t.util].zoneOf(r, t.asset)
	}
	var cands []crew.Candidate
	var idx []int
	for i := range r.teams {
		tr := &r.teams[i]
		team := ro.Team(i)
		site := r.p.teamSite[i]
		for len(r.pending) > 0 {
			free := tr.avail - tr.busy
			if free <= 0 {
				break
			}
			if site.util < 0 && team.Vehicles > 0 && len(tr.jobs) >= team.Vehicles {
				break
			}
			cands, idx = cands[:0], idx[:0]
			for k, t := range r.pending {
				if t.MinSize > free || !ro.CanDo(i, t.Need) {
					continue
				}
				var travel float64
				if site.util >= 0 {
					// A closed-loop team works only at its own site.
					if t.util != site.util || t.asset.IsLink || t.asset.Index != site.node {
						continue
					}
				} else {
					forbidden, delay := ro.Entry(r.levelOf(t.Zone))
					if forbidden {
						continue
					}
					travel = ro.Travel(team.Base, t.Zone) + delay
				}
				cands = append(cands, crew.Candidate{Task: &t.Task, Travel: travel})
				idx = append(idx, k)
			}
			if len(cands) == 0 {
				break
			}
			pick := pol.Pick(r.now, &team, cands)
			if pick < 0 || pick >= len(cands) {
				break
			}
			t := r.pending[idx[pick]]
			r.pending = slices.Delete(r.pending, idx[pick], idx[pick]+1)
			j := &job{t: t, team: i, dispatch: r.now, arrive: r.now + cands[pick].Travel}
			tr.busy += t.MinSize
			tr.jobs = append(tr.jobs, j)
			if !t.started {
				t.started = true
				r.crewM.started(j.arrive - t.Created)
			}
			r.q.push(j.arrive+t.left, func(r *Run) { r.finish(t, j) })
		}
	}
}

// updateOperators stops the sites that need operators inside a sealed zone
// while no closed-loop team bound to them has members present.
func (n *netRun) updateOperators(r *Run) {
	for _, v := range n.opNodes {
		z := n.u.net.NodeZone(v)
		stop := false
		if z >= 0 && r.level[n.u.zoneG[z]] == crew.Sealed {
			stop = true
			for i := range r.teams {
				s := r.p.teamSite[i]
				if s.util == n.ui && s.node == v && r.teams[i].avail > 0 {
					stop = false
					break
				}
			}
		}
		if n.opStop[v] != stop {
			n.opStop[v] = stop
			n.recompute(supply.Asset{Index: v})
		}
	}
}

// impact estimates the value-weighted unserved demand a fault on asset a
// causes now: the value lost per hour in the current state minus that with
// a restored, in money per hour. It costs one solve.
func (n *netRun) impact(r *Run, a supply.Asset) float64 {
	n.solve(r)
	base := n.valueRate
	n.tmp.CopyFrom(n.st)
	if a.IsLink {
		n.tmp.LinkScale[a.Index] = 1
	} else {
		n.tmp.NodeScale[a.Index] = 1
	}
	if err := n.solver.Solve(n.tmp, &n.tmpRes); err != nil {
		return base
	}
	var with float64
	net := n.u.net
	for _, c := range net.Consumers() {
		with += (n.tmpRes.Demand[c] - n.tmpRes.Served[c]) * n.u.voll[net.NodeClass(int(c))]
	}
	return math.Max(base-with, 0)
}

// zoneOf returns the zone ID where the repair of asset a takes place now,
// "" for outside every zone: a node's zone; a link's own zone if it has
// one, else the zone of whichever end is at the stricter lockdown level
// now (a feeder from an unzoned substation into a sealed compound is
// repaired in the compound, with its entry rule). When both ends are at
// the same level, the From end's zone if it has one, else the To end's.
func (n *netRun) zoneOf(r *Run, a supply.Asset) string {
	net := n.u.net
	if !a.IsLink {
		if z := net.NodeZone(a.Index); z >= 0 {
			return net.ZoneID(z)
		}
		return ""
	}
	if z := net.LinkZone(a.Index); z >= 0 {
		return net.ZoneID(z)
	}
	from, to := net.LinkEnds(a.Index)
	zf, zt := net.NodeZone(from), net.NodeZone(to)
	level := func(z int) crew.Level {
		if z < 0 {
			return crew.Open
		}
		return r.level[n.u.zoneG[z]]
	}
	z := zf
	if lf, lt := level(zf), level(zt); lt > lf || (lt == lf && zf < 0) {
		z = zt
	}
	if z < 0 {
		return ""
	}
	return net.ZoneID(z)
}
