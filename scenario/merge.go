package scenario

import (
	"errors"
	"fmt"
	"io"
	"slices"
)

// Merge combines summaries of disjoint trial ranges of one study into the
// summary of their union; the statistics of the result are bit-for-bit
// those of a single study over the union, whatever the order of the
// parts. It returns an error if no summary is given, one is nil, their
// identity differs (scenario, digest, seed, network, kind, horizon,
// resolution, total trials, service levels, classes or metrics), or two of
// them hold the same trial; parts are named "summary i" in the errors.
// Gaps are allowed (Summary.Missing tells them). The inputs are not
// modified; the result shares their records. O(P log P) for P parts plus
// O(buckets × bins) per part for the risk over time.
func Merge(parts ...*Summary) (*Summary, error) {
	if len(parts) == 0 {
		return nil, errors.New("scenario: merge: no summaries")
	}
	var m Merger
	var list []error
	for i, p := range parts {
		name := fmt.Sprintf("summary %d", i)
		if p == nil {
			list = append(list, fmt.Errorf("scenario: merge: %s is nil", name))
			continue
		}
		if err := m.Add(name, p); err != nil {
			list = append(list, err)
		}
	}
	if len(list) > 0 {
		return nil, errors.Join(list...)
	}
	return m.Summary()
}

// Merger merges summaries of one study given one at a time, such as shard
// files read in turn: each part's records are kept (they make the merged
// summary) and its risk over time is added at once to a running total, so
// memory is that of the merged summary plus one part being read, and the
// work is linear in the size of the parts. The zero value is an empty
// merger. A Merger is not safe for concurrent use.
type Merger struct {
	// Complete makes Summary refuse a union with gaps: trials of
	// [0, Total) that no part holds, or of [0, last trial] when the parts
	// do not state Total.
	Complete bool

	id      *Summary // identity of the first part, without records
	idName  string
	chunks  []namedChunk
	risk    riskAcc
	attach  []attachment
	n       int
	started bool
	done    bool
}

// namedChunk is a chunk with the name of the part it came from, and the
// range of that part's trials it belongs to.
type namedChunk struct {
	chunk
	name  string
	whole TrialRange // the part's contiguous range holding the chunk
}

// Add adds a summary, named in errors by name (a file name, say). It
// returns an error, and adds nothing, if the summary's identity differs
// from that of the first summary added (naming every field that differs
// and both parts), or if Summary was called already. Overlaps are checked
// by Summary, once every part is in.
func (m *Merger) Add(name string, s *Summary) error {
	if m.done {
		return fmt.Errorf("scenario: merge: %s: added after the merge ended", name)
	}
	if m.id == nil {
		id := *s
		id.parts, id.attach, id.n = nil, nil, 0
		id.risk = riskAcc{nb: s.risk.nb, nc: s.risk.nc, cold: s.risk.cold} // the shape alone
		m.id, m.idName = &id, name
		m.risk = newRiskAcc(s.risk.nb, s.risk.nc, s.risk.cold)
	} else if list := mismatches(m.id, s); len(list) > 0 {
		errs := make([]error, len(list))
		for i, d := range list {
			errs[i] = fmt.Errorf("scenario: merge: %s: %s differs from %s in %s", name, d.got, d.want, m.idName)
		}
		return errors.Join(errs...)
	}
	mm := len(s.metrics)
	for _, c := range s.parts {
		r := TrialRange{c.first, c.first + len(c.vals)/mm}
		m.chunks = append(m.chunks, namedChunk{chunk: c, name: name, whole: r})
	}
	m.risk.merge(&s.risk)
	m.attach = append(m.attach, s.attach...)
	m.n += s.n
	m.started = true
	return nil
}

// Read decodes one summary in the summary format from r (see ReadSummary)
// and adds it; errors name the part by name.
func (m *Merger) Read(name string, r io.Reader) error {
	s, err := ReadSummary(r, name)
	if err != nil {
		return err
	}
	return m.Add(name, s)
}

// Summary ends the merge and returns the summary of the union of the
// parts added. It returns an error if none was, if two parts hold the
// same trials (a duplicated range, or overlapping ones, naming both parts
// and their ranges), or, with Complete, if trials are missing (naming the
// ranges). Every such problem is reported, joined. O(P log P).
func (m *Merger) Summary() (*Summary, error) {
	if m.done {
		return nil, errors.New("scenario: merge: Summary called twice")
	}
	m.done = true
	if !m.started {
		return nil, errors.New("scenario: merge: no summaries")
	}
	slices.SortStableFunc(m.chunks, func(a, b namedChunk) int { return a.first - b.first })
	var list []error
	mm := len(m.id.metrics)
	last := -1 // index of the chunk reaching furthest so far
	end := func(c namedChunk) int { return c.first + len(c.vals)/mm }
	for i, c := range m.chunks {
		if last >= 0 && c.first < end(m.chunks[last]) {
			p := m.chunks[last]
			switch {
			case p.whole == c.whole:
				list = append(list, fmt.Errorf("scenario: merge: %s and %s both hold %v (a duplicated range)", p.name, c.name, c.whole))
			default:
				both := TrialRange{c.first, min(end(c), end(p))}
				list = append(list, fmt.Errorf("scenario: merge: %v are in both %s (%v) and %s (%v)", both, p.name, p.whole, c.name, c.whole))
			}
		}
		if last < 0 || end(c) > end(m.chunks[last]) {
			last = i
		}
	}
	out := *m.id
	out.parts = make([]chunk, len(m.chunks))
	for i, c := range m.chunks {
		out.parts[i] = c.chunk
	}
	out.n = m.n
	m.risk.freeze()
	out.risk = m.risk
	slices.SortStableFunc(m.attach, cmpAttachment)
	out.attach = m.attach
	if len(list) == 0 && m.Complete {
		for _, r := range out.Missing() {
			verb := "are"
			if r.End-r.First == 1 {
				verb = "is"
			}
			list = append(list, fmt.Errorf("scenario: merge: %v of a study of %s %s missing: no part holds them", r, studySize(&out), verb))
		}
	}
	if len(list) > 0 {
		return nil, errors.Join(list...)
	}
	return &out, nil
}

// studySize describes the extent of a study for messages.
func studySize(s *Summary) string {
	if s.total > 0 {
		return fmt.Sprintf("%d trials", s.total)
	}
	return "unstated size"
}

// mismatch is one identity field that differs between two summaries.
type mismatch struct{ want, got string }

// mismatches lists the identity fields in which b differs from a.
func mismatches(a, b *Summary) []mismatch {
	var out []mismatch
	add := func(field string, x, y any) {
		out = append(out, mismatch{want: fmt.Sprintf("%s %v", field, x), got: fmt.Sprintf("%s %v", field, y)})
	}
	q := func(s string) string { return fmt.Sprintf("%q", s) }
	if a.scenario != b.scenario {
		add("scenario", q(a.scenario), q(b.scenario))
	}
	if a.digest != b.digest {
		add("digest", q(a.digest), q(b.digest))
	}
	if a.seed != b.seed {
		add("seed", a.seed, b.seed)
	}
	if a.network != b.network {
		add("network", q(a.network), q(b.network))
	}
	if a.kind != b.kind {
		add("kind", a.kind, b.kind)
	}
	if a.horizon != b.horizon {
		add("horizon", a.horizon, b.horizon)
	}
	if a.resolution != b.resolution {
		add("resolution", a.resolution, b.resolution)
	}
	if a.total != b.total {
		add("total trials", a.total, b.total)
	}
	if !slices.Equal(a.levels, b.levels) {
		add("service levels", a.levels, b.levels)
	}
	if !slices.Equal(a.classes, b.classes) {
		add("classes", a.classes, b.classes)
	}
	if !slices.Equal(a.metrics, b.metrics) {
		add("metrics", a.metrics, b.metrics)
	}
	if a.noRisk != b.noRisk {
		add("risk over time recorded", !a.noRisk, !b.noRisk)
	}
	if a.risk.cold != b.risk.cold { // heat with weather or not
		add("cold-customer timeline", a.risk.cold, b.risk.cold)
	}
	return out
}
