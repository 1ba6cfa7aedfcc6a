package report

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Limits of a document ReadJSON accepts: a run of at most MaxHorizon hours
// (over a century) in at most MaxBuckets timeline buckets.
const (
	MaxHorizon = 1e6
	MaxBuckets = 1e6
)

// check reports every way in which a decoded document is inconsistent, so
// that no renderer meets a timeline of the wrong length or a bucket out of
// range: the horizon and resolution, the networks (at least one, unique
// IDs, known kinds), each timeline's lengths, storage levels, the worst
// bucket and the map's columns, the outdoor temperature and the crews'
// timeline. Problems are joined, each naming the key.
func (d *Document) check() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	if !finite(d.Horizon) || d.Horizon <= 0 || d.Horizon > MaxHorizon {
		bad("horizon: %v h; want more than 0 and at most %g", d.Horizon, float64(MaxHorizon))
	}
	if !finite(d.Resolution) || d.Resolution <= 0 {
		bad("resolution: %v h; want more than 0", d.Resolution)
	} else if d.Horizon/d.Resolution > MaxBuckets {
		bad("resolution: %v h makes more than %g buckets of the %v h horizon", d.Resolution, float64(MaxBuckets), d.Horizon)
	}
	if d.Trials < 0 {
		bad("trials: %d; want 1 or more", d.Trials)
	}
	if len(d.Networks) == 0 {
		bad("networks: none; want at least one")
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	buckets := -1
	var ids []string
	for i := range d.Networks {
		n := &d.Networks[i]
		at := fmt.Sprintf("networks[%d] (%q)", i, n.ID)
		if n.ID == "" {
			bad("networks[%d]: id: empty", i)
		} else if slices.Contains(ids, n.ID) {
			bad("%s: id: used by an earlier network", at)
		}
		ids = append(ids, n.ID)
		if !n.Kind.Valid() {
			bad("%s: kind: %q; want power, heat, water or gas", at, n.Kind)
		}
		tl := &n.Timeline
		nb := len(tl.Start)
		if buckets < 0 {
			buckets = nb
		} else if nb != buckets {
			bad("%s: timeline.start: %d buckets, the first network has %d", at, nb, buckets)
		}
		for b, s := range tl.Start {
			if !finite(s) || s < 0 || s >= d.Horizon || (b > 0 && s <= tl.Start[b-1]) {
				bad("%s: timeline.start[%d]: %v; want increasing times from 0 to before the horizon", at, b, s)
				break
			}
		}
		same := func(key string, xs []float64, optional bool) {
			if len(xs) != nb && !(optional && len(xs) == 0) {
				bad("%s: timeline.%s: %d values; want one per bucket (%d)", at, key, len(xs), nb)
			}
		}
		same("coverage", tl.Coverage, false)
		same("ecs", tl.ECS, false)
		same("unserved", tl.Unserved, false)
		same("cold_customers", tl.ColdCustomers, true)
		same("mean_indoor", tl.MeanIndoor, true)
		for _, k := range sortedKeys(tl.ClassCoverage) {
			same("class_coverage."+k, tl.ClassCoverage[k], false)
		}
		for _, k := range sortedKeys(tl.ZoneUnserved) {
			same("zone_unserved."+k, tl.ZoneUnserved[k], false)
		}
		for k, s := range n.Storage {
			if len(s.Levels) != 0 && len(s.Levels) != nb+1 {
				bad("%s: storage[%d] (%q): levels: %d values; want one per bucket edge (%d)", at, k, s.ID, len(s.Levels), nb+1)
			}
		}
		if w := n.Worst; w != nil && (w.Bucket < 0 || w.Bucket >= max(nb, 1)) {
			bad("%s: worst.bucket: %d; want 0 to %d", at, w.Bucket, max(nb, 1)-1)
		}
		if m := n.Map; m != nil {
			net, err := m.network(n.ID)
			if err != nil {
				bad("%s: map.network: %v", at, err)
				continue
			}
			for c, col := range m.Nodes {
				if len(col.Values) != net.NumNodes() {
					bad("%s: map.nodes[%d] (%q): %d values; want one per node (%d)", at, c, col.Name, len(col.Values), net.NumNodes())
				}
			}
			for c, col := range m.Links {
				if len(col.Values) != net.NumLinks() {
					bad("%s: map.links[%d] (%q): %d values; want one per link (%d)", at, c, col.Name, len(col.Values), net.NumLinks())
				}
			}
		}
	}
	if len(d.Outdoor) != 0 && len(d.Outdoor) != buckets {
		bad("outdoor: %d values; want one per bucket (%d)", len(d.Outdoor), buckets)
	}
	if u := d.Crew.UtilisationTimeline; len(u) != 0 && len(u) != buckets {
		bad("crew.utilisation_timeline: %d values; want one per bucket (%d)", len(u), buckets)
	}
	if r := d.Risk; r != nil && r.Trials < 1 {
		bad("risk.trials: %d; want 1 or more", r.Trials)
	}
	d.checkRiskTimeline(buckets, bad) // risktime.go
	for i := range d.Sections {
		errs = append(errs, d.Sections[i].check(fmt.Sprintf("sections[%d]", i))...)
	}
	return errors.Join(errs...)
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
