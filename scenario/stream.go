package scenario

import (
	"hash/fnv"
	"math/rand/v2"
	"strconv"
)

// Common random numbers.
//
// Every stochastic process of a run draws from its own random stream, a
// PCG (math/rand/v2) whose two seed words are derived from the study's
// seed S, the trial i and a stable ID of the process:
//
//	h  = FNV-1a-64(ID)
//	s₁ = mix(S ⊕ mix(i))
//	s₂ = mix(h ⊕ mix(i ⊕ 0x632be59bd9b4e019))
//	stream = PCG(s₁, s₂)
//
// where mix is SplitMix64's finaliser. IDs name what the process is
// about, never where it sits in the scenario, joined by a zero byte:
//
//	"fault" 0 network 0 asset        the asset's fault process: its
//	                                 steady state at 0 and every candidate
//	                                 failure time with its thinning draw
//	"repair" 0 network 0 asset 0 k   the repair time of the fault arising
//	                                 from candidate k of that process (0:
//	                                 the repair under way at time 0)
//	"outage" 0 network 0 asset 0 at 0 n
//	                                 the work time of the n-th outage of
//	                                 the asset at that time (n from 0)
//
// Failures are candidates of a Poisson process in calendar time at the
// coldest rate, thinned by the rate at each candidate; every candidate
// draws exactly one exponential gap and one uniform whatever happens, and
// a candidate that falls while the asset is already down is absorbed. So
// two variants of a scenario that share an asset (by network and asset ID)
// see its candidate failures at the same times in the same trial, and the
// same repair time for the same fault, whatever else differs — a team
// added, a link reinforced, another dispatch policy — and its faults
// coincide wherever the asset is up in both. A study's results never
// depend on its worker count or on how its trials are split, and nothing
// else in a run is random: absences are deterministic shares, dispatch is
// deterministic.

// streamSeed returns the seed words of the stream of process id in trial
// of a study with the given seed.
func streamSeed(seed uint64, trial int, id string) (uint64, uint64) {
	h := fnv.New64a()
	h.Write([]byte(id))
	t := mix(uint64(trial))
	return mix(seed ^ t), mix(h.Sum64() ^ mix(uint64(trial)^0x632be59bd9b4e019))
}

// StreamID returns the ID of the random stream of a process (see the
// package's common random numbers): kind "fault", "repair" or "outage"
// followed by its parts. Exposed for tools that pair variants of a
// scenario; the engine derives its streams with it.
func StreamID(kind string, parts ...string) string {
	n := len(kind)
	for _, p := range parts {
		n += 1 + len(p)
	}
	b := make([]byte, 0, n)
	b = append(b, kind...)
	for _, p := range parts {
		b = append(b, 0)
		b = append(b, p...)
	}
	return string(b)
}

// mix is SplitMix64's finaliser: it spreads consecutive numbers over
// unrelated values.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// streamSource is the Source of a run's *rand.Rand: it draws from
// whichever process stream is current, so that one Rand serves every
// process without an allocation per draw.
type streamSource struct{ cur *rand.PCG }

func (s *streamSource) Uint64() uint64 { return s.cur.Uint64() }

// use makes the stream of process id current, seeding the run's scratch
// PCG from it, and returns the Rand to draw with.
func (r *Run) use(id string) *rand.Rand {
	a, b := streamSeed(r.seed, r.trial, id)
	r.scratch.Seed(a, b)
	r.src.cur = &r.scratch
	return r.rng
}

// useFault makes the fault stream of fault plan i current.
func (r *Run) useFault(i int) *rand.Rand {
	r.src.cur = &r.fstream[i]
	return r.rng
}

func repairID(net, asset string, k int) string {
	return StreamID("repair", net, asset, strconv.Itoa(k))
}
