package crew

import (
	"fmt"
	"math"
)

// ImpactFirst picks the task with the largest Impact; ties go to the
// earliest Created, then to the lowest ID. It serves the repairs that
// leave the most value-weighted demand unserved first.
type ImpactFirst struct{}

// Nearest picks the candidate with the smallest Travel (including entry
// delay); ties go to the largest Impact, then to the lowest ID. It keeps
// crews' time on the road short.
type Nearest struct{}

// FirstCome picks the task with the earliest Created; ties go to the lowest
// ID. It serves repairs in the order the faults happened.
type FirstCome struct{}

// Policy names, as accepted by PolicyByName and returned by the policies'
// String methods.
const (
	ImpactFirstName = "impact-first"
	NearestName     = "nearest"
	FirstComeName   = "first-come"
)

// PolicyByName returns the policy named "impact-first", "nearest" or
// "first-come", and an error naming the valid choices for any other name.
func PolicyByName(name string) (Policy, error) {
	switch name {
	case ImpactFirstName:
		return ImpactFirst{}, nil
	case NearestName:
		return Nearest{}, nil
	case FirstComeName:
		return FirstCome{}, nil
	}
	return nil, fmt.Errorf("crew: unknown policy %q (want %s, %s or %s)", name, ImpactFirstName, NearestName, FirstComeName)
}

// String returns "impact-first".
func (ImpactFirst) String() string { return ImpactFirstName }

// String returns "nearest".
func (Nearest) String() string { return NearestName }

// String returns "first-come".
func (FirstCome) String() string { return FirstComeName }

// Pick returns the index in cands of the task with the largest Impact,
// ties broken by earliest Created then lowest ID; -1 if cands holds no
// task. A NaN Impact ranks below every number; a NaN Created ranks after
// every number. Candidates with a nil Task are skipped. O(len(cands)).
func (ImpactFirst) Pick(now float64, team *Team, cands []Candidate) int {
	return pick(cands, func(a, b *Candidate) bool {
		if c := cmpHigh(a.Task.Impact, b.Task.Impact); c != 0 {
			return c < 0
		}
		if c := cmpLow(a.Task.Created, b.Task.Created); c != 0 {
			return c < 0
		}
		return a.Task.ID < b.Task.ID
	})
}

// Pick returns the index in cands of the candidate with the smallest
// Travel, ties broken by largest Impact then lowest ID; -1 if cands holds
// no task. A NaN Travel ranks after every number, a NaN Impact below
// every number. Candidates with a nil Task are skipped. O(len(cands)).
func (Nearest) Pick(now float64, team *Team, cands []Candidate) int {
	return pick(cands, func(a, b *Candidate) bool {
		if c := cmpLow(a.Travel, b.Travel); c != 0 {
			return c < 0
		}
		if c := cmpHigh(a.Task.Impact, b.Task.Impact); c != 0 {
			return c < 0
		}
		return a.Task.ID < b.Task.ID
	})
}

// Pick returns the index in cands of the task with the earliest Created,
// ties broken by lowest ID; -1 if cands holds no task. A NaN Created ranks
// after every number. Candidates with a nil Task are skipped.
// O(len(cands)).
func (FirstCome) Pick(now float64, team *Team, cands []Candidate) int {
	return pick(cands, func(a, b *Candidate) bool {
		if c := cmpLow(a.Task.Created, b.Task.Created); c != 0 {
			return c < 0
		}
		return a.Task.ID < b.Task.ID
	})
}

// pick returns the index of the best candidate by better, skipping nil
// tasks; -1 if there is none.
func pick(cands []Candidate, better func(a, b *Candidate) bool) int {
	best := -1
	for i := range cands {
		if cands[i].Task == nil {
			continue
		}
		if best < 0 || better(&cands[i], &cands[best]) {
			best = i
		}
	}
	return best
}

// cmpLow orders smaller first, NaN last: -1 if x comes first, +1 if y
// does, 0 if they tie.
func cmpLow(x, y float64) int {
	xn, yn := math.IsNaN(x), math.IsNaN(y)
	switch {
	case xn && yn:
		return 0
	case xn:
		return 1
	case yn:
		return -1
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// cmpHigh orders larger first, NaN last.
func cmpHigh(x, y float64) int {
	xn, yn := math.IsNaN(x), math.IsNaN(y)
	switch {
	case xn && yn:
		return 0
	case xn:
		return 1
	case yn:
		return -1
	case x > y:
		return -1
	case x < y:
		return 1
	}
	return 0
}
