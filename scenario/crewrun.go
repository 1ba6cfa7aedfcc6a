package scenario

import (
	"math"
	"slices"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/supply"
)

// newTask queues the repair of asset a of utility u. Without crews the
// repair simply takes its work time from now.
func (r *Run) newTask(u int, a supply.Asset, work crew.WorkTime, minCrew int) *task {
	n := r.nets[u]
	net := n.u.net
	r.taskSeq++
	t := &task{util: u, asset: a, work: work}
	t.ID = r.taskSeq
	t.Network = n.u.id
	t.Asset = a.ID
	t.MinSize = max(minCrew, 1)
	t.Created = r.now
	t.Need = crew.Skill{Kind: net.Kind()}
	v := a.Index
	if a.IsLink {
		v, _ = net.LinkEnds(a.Index)
	} else {
		t.Need.Role = net.Role(a.Index)
	}
	if z := net.NodeZone(v); z >= 0 {
		t.Zone = net.ZoneID(z)
	}
	r.crewM.tasks++
	if r.p.sc.Crew == nil {
		d := work.Sample(r.rng)
		r.crewM.started(0)
		r.q.push(r.now+d, func(r *Run) { r.finish(t, -1) })
		return t
	}
	t.Impact = -1 // estimated at dispatch, once the state has settled
	r.pending = append(r.pending, t)
	return t
}

// finish completes task t; team is the team that did it, -1 for none.
func (r *Run) finish(t *task, team int) {
	if team >= 0 {
		tr := &r.teams[team]
		tr.busy -= t.MinSize
		tr.jobs--
	}
	r.crewM.completed++
	r.crewM.restore = math.Max(r.crewM.restore, r.now-t.Created)
	if t.onDone != nil {
		t.onDone(r)
	}
}

// dispatch assigns waiting tasks to teams, team by team in roster order,
// with the roster's policy choosing among the tasks each team can take.
func (r *Run) dispatch() {
	ro := r.p.sc.Crew
	pol := ro.Policy()
	for _, t := range r.pending {
		if t.Impact < 0 {
			t.Impact = r.nets[t.util].impact(r, t.asset)
		}
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
			if site.util < 0 && team.Vehicles > 0 && tr.jobs >= team.Vehicles {
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
			tr.busy += t.MinSize
			tr.jobs++
			start := r.now + cands[pick].Travel
			r.crewM.started(start - t.Created)
			work := math.Max(t.work.Sample(r.rng), 0)
			team := i
			r.q.push(start+work, func(r *Run) { r.finish(t, team) })
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
