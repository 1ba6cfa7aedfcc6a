package scenario

// ReplicateForTest returns a summary of copies × s.Trials() trials
// First, First+1, … of a study of total trials, whose records repeat
// those of s and whose risk over time holds s's copies times: a stand-in
// for a large study with realistic values, for size and merge benchmarks.
func ReplicateForTest(s *Summary, copies, first, total int) *Summary {
	out := *s
	out.total, out.attach = total, nil
	vals := make([]float64, 0, copies*s.n*len(s.metrics))
	for range copies {
		for _, c := range s.parts {
			vals = append(vals, c.vals...)
		}
	}
	out.parts = []chunk{{first: first, vals: vals}}
	out.n = copies * s.n
	out.risk = newRiskAcc(s.risk.nb, s.risk.nc, s.risk.cold)
	for range copies {
		out.risk.merge(&s.risk)
	}
	out.risk.freeze()
	return &out
}
