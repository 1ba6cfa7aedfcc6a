package scenario

import (
	"context"
	"fmt"
	"math"
	"path"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/lifeline-sim/lifeline/crew"
)

// SizeMode says what a crew sizing varies.
type SizeMode int

const (
	// SizeCopies varies the number of teams like Sizing.Team: count N
	// keeps the team and adds N − 1 copies of it (IDs "TEAM#2", "TEAM#3",
	// …, each with the team's own absences); N = 0 removes it.
	SizeCopies SizeMode = iota
	// SizeMembers varies the size of Sizing.Team: count N gives it N
	// members (N ≥ 1); where members live is kept, the homes listed last
	// giving up members first when N is below their sum.
	SizeMembers
	// SizeTeams keeps the first N teams of Sizing.Teams and removes the
	// others of that list (with their absences): how many of a given set
	// of teams are needed.
	SizeTeams
)

// String returns "copies", "members" or "teams".
func (m SizeMode) String() string {
	switch m {
	case SizeCopies:
		return "copies"
	case SizeMembers:
		return "members"
	case SizeTeams:
		return "teams"
	}
	return "SizeMode(" + strconv.Itoa(int(m)) + ")"
}

// Sizing asks for the smallest crew that meets service targets: the
// smallest count (of copies of a team, of members of a team, or of a list
// of teams kept) for which every target is met with the stated
// confidence. Run it with SizeCrews. The zero value of every optional
// field is a sensible default, stated field by field.
type Sizing struct {
	// Scenario is the scenario to size the crews of; it must have a crew.
	// Required. It is not modified.
	Scenario *Scenario
	// Mode says what is varied; the zero value is SizeCopies.
	Mode SizeMode
	// Team is the ID of the team copied or grown (SizeCopies,
	// SizeMembers).
	Team string
	// Teams are the IDs of the teams kept in order (SizeTeams): count N
	// keeps Teams[:N]. Patterns as in path.Match ("er*") stand for every
	// team of the crew they match, in the crew's order.
	Teams []string
	// Min and Max bound the counts searched, Min ≤ Max. If Min is zero:
	// 0 (copies, teams) or 1 (members). If Max is zero: 10 copies, twice
	// the team's size in members, or every team of Teams.
	Min, Max int
	// Targets are the requirements, all to be met. At least one.
	Targets []Target
	// Confidence is the probability with which the answer is right, in
	// (0, 1) (see SizeCrews). If zero, 0.95.
	Confidence float64
	// Seed selects the random streams; every count plays the same trials
	// 0, 1, … of it (common random numbers).
	Seed uint64
	// Trials is the most trials played for one count. If zero, 1000.
	Trials int
	// Batch is the number of trials after which a count is first judged;
	// it is judged again each time the trials double, and at Trials. If
	// zero, 50 (or Trials if fewer).
	Batch int
	// Exhaustive judges every count from Min to Max, for the whole
	// curve, instead of bisecting.
	Exhaustive bool
	// Workers is the number of goroutines running trials. If zero,
	// runtime.GOMAXPROCS(0). It never changes a result.
	Workers int
	// Progress, if not nil, is called after each trial with the count
	// being judged, the trials it has played and the most it may play,
	// from one goroutine at a time.
	Progress func(count, done, most int)
}

// Verdict is what a sizing found of one count.
type Verdict int

const (
	// Undecided: after the most trials, the confidence bounds still
	// straddle a target's limit.
	Undecided Verdict = iota
	// Meets: every target is met with the confidence asked for.
	Meets
	// Fails: some target is missed with the confidence asked for.
	Fails
)

// String returns "undecided", "meets" or "fails".
func (v Verdict) String() string {
	switch v {
	case Meets:
		return "meets"
	case Fails:
		return "fails"
	}
	return "undecided"
}

// SizingResult is the outcome of SizeCrews.
type SizingResult struct {
	// Scenario is the name of the scenario sized.
	Scenario string
	Mode     SizeMode
	// Team is the team copied or grown; Teams the teams kept in order
	// (patterns expanded).
	Team  string
	Teams []string
	// Targets are the requirements, as given.
	Targets []Target
	// Min and Max are the counts searched; Confidence, Seed and Trials
	// as used.
	Min, Max   int
	Confidence float64
	Seed       uint64
	Trials     int
	// Found reports whether some count in [Min, Max] meets the targets;
	// Answer is then the smallest, by the search (see SizeCrews).
	Found  bool
	Answer int
	// Confirmed reports whether the verdicts the answer rests on — Answer
	// meets and Answer − 1 fails (when Answer > Min); Max fails when
	// nothing is found — were all decided at the confidence asked for,
	// rather than leaning on point estimates after the most trials.
	Confirmed bool
	// Points are the counts judged, ascending.
	Points []SizingPoint
	// Monotone reports whether the verdicts of the counts judged never
	// fall from meets to fails as the count grows, as the search
	// assumes.
	Monotone bool
	// LookAlpha is the error level of each one-sided bound the search
	// computed (see SizeCrews).
	LookAlpha float64
	// TotalTrials is the number of trials played over all counts.
	TotalTrials int
}

// Point returns the judgement of a count, and false if it was not judged.
func (r *SizingResult) Point(count int) (*SizingPoint, bool) {
	for i := range r.Points {
		if r.Points[i].Count == count {
			return &r.Points[i], true
		}
	}
	return nil, false
}

// SizingPoint is the judgement of one count.
type SizingPoint struct {
	Count int
	// Trials is the number of trials played (0 … Trials−1 of the seed).
	Trials int
	// Verdict is Meets, Fails or Undecided; Lean is what the point
	// estimates say (true: every target met), which the search follows
	// for an undecided count.
	Verdict Verdict
	Lean    bool
	// Estimates hold one estimate per target, in the order of Targets.
	Estimates []TargetEstimate
}

// Met reports whether the search counts the point as meeting the targets:
// Verdict Meets, or Undecided leaning to meet.
func (p *SizingPoint) Met() bool { return p.Verdict == Meets || (p.Verdict == Undecided && p.Lean) }

// TargetEstimate is the estimate of one target at one count.
//
// For a risk, Estimate is the share p of trials in which the event
// happened, StdErr √(p(1−p)/N), [CI95Low, CI95High] the 95% Wilson
// interval, and Lower and Upper the exact one-sided Clopper–Pearson
// bounds at level 1 − LookAlpha. For a mean, Estimate is the mean, StdErr
// its standard error, the interval that of Stat (Student t within the
// metric's bounds), and Lower, Upper = mean ∓ t·StdErr with t the
// 1 − LookAlpha quantile of Student's t with N − 1 degrees of freedom.
type TargetEstimate struct {
	Estimate, StdErr  float64
	CI95Low, CI95High float64
	Lower, Upper      float64
	// Verdict is Meets when the bound on the far side clears the limit
	// (Upper ≤ Limit for "at most"), Fails when the bound on the near
	// side is beyond it (Lower > Limit), Undecided otherwise.
	Verdict Verdict
}

// copyID is the ID of the k-th team like id (k ≥ 2).
func copyID(id string, k int) string { return id + "#" + strconv.Itoa(k) }

// sizingConfig is a validated sizing with its defaults filled in.
type sizingConfig struct {
	team       int   // SizeCopies, SizeMembers: index in the crew
	teams      []int // SizeTeams: indices in the crew, in order
	teamIDs    []string
	min, max   int
	confidence float64
	trials     int
	batch      int
}

func sizingErr(field, format string, args ...any) *FieldError {
	return &FieldError{Element: "sizing", Index: -1, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// Check validates the sizing against its scenario: the team or teams
// exist, the counts and settings are in range, and every target names a
// network of the scenario in a unit that fits it. It returns every
// problem, joined, each a *FieldError with Element "sizing" and Field
// "team", "teams[i]", "min", "max", "targets[i]", … (read them with
// Problems); the error matches ErrInvalid.
func (s *Sizing) Check() error {
	_, err := s.config()
	return err
}

func (s *Sizing) config() (*sizingConfig, error) {
	var list []error
	bad := func(field, format string, args ...any) { list = append(list, sizingErr(field, format, args...)) }
	cfg := &sizingConfig{min: s.Min, max: s.Max, confidence: s.Confidence, trials: s.Trials, batch: s.Batch}
	sc := s.Scenario
	if sc == nil {
		bad("scenario", "missing")
		return nil, joinInvalid(list)
	}
	if sc.Crew == nil {
		bad("team", "the scenario has no crew to size")
	}
	var ids []string
	if sc.Crew != nil {
		for i := range sc.Crew.NumTeams() {
			ids = append(ids, sc.Crew.Team(i).ID)
		}
	}
	unknownTeam := func(field, id string) {
		msg := fmt.Sprintf("unknown team %s", quote(id))
		if n := nearest(id, ids, 3); n != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", n)
		}
		bad(field, "%s", msg)
	}
	switch s.Mode {
	case SizeCopies, SizeMembers:
		if len(s.Teams) > 0 {
			bad("teams", "only for mode teams (mode %s sizes Team)", s.Mode)
		}
		cfg.team = -1
		if s.Team == "" {
			bad("team", "missing: name the team to %s", map[SizeMode]string{SizeCopies: "copy", SizeMembers: "grow"}[s.Mode])
		} else if sc.Crew != nil {
			i, ok := sc.Crew.TeamIndex(s.Team)
			if !ok {
				unknownTeam("team", s.Team)
			} else {
				cfg.team = i
				cfg.teamIDs = []string{s.Team}
			}
		}
		if s.Mode == SizeMembers && cfg.min == 0 {
			cfg.min = 1
		}
		if cfg.max == 0 && cfg.team >= 0 {
			if s.Mode == SizeCopies {
				cfg.max = 10
			} else {
				cfg.max = 2 * sc.Crew.Team(cfg.team).Size
			}
		}
		if s.Mode == SizeCopies && cfg.team >= 0 {
			for k := 2; k <= max(cfg.max, 2); k++ {
				if _, dup := sc.Crew.TeamIndex(copyID(s.Team, k)); dup {
					bad("team", "the crew already has a team %q, the ID of a copy", copyID(s.Team, k))
					break
				}
			}
		}
	case SizeTeams:
		if s.Team != "" {
			bad("team", "only for modes copies and members (mode teams keeps a prefix of Teams)")
		}
		if len(s.Teams) == 0 {
			bad("teams", "missing: list the teams to keep, in order")
		}
		seen := map[int]bool{}
		for k, id := range s.Teams {
			field := "teams[" + strconv.Itoa(k) + "]"
			if sc.Crew == nil {
				break
			}
			var found []int
			if _, err := path.Match(id, ""); err != nil {
				bad(field, "bad pattern %s: %v", quote(id), err)
				continue
			}
			for i, tid := range ids {
				if ok, _ := path.Match(id, tid); ok {
					found = append(found, i)
				}
			}
			if len(found) == 0 {
				unknownTeam(field, id)
			}
			for _, i := range found {
				if seen[i] {
					bad(field, "team %q is listed twice", ids[i])
					continue
				}
				seen[i] = true
				cfg.teams = append(cfg.teams, i)
				cfg.teamIDs = append(cfg.teamIDs, ids[i])
			}
		}
		if cfg.max == 0 {
			cfg.max = len(cfg.teams)
		}
		if cfg.max > len(cfg.teams) && len(cfg.teams) > 0 && len(list) == 0 {
			bad("max", "%d is more than the %d teams listed", cfg.max, len(cfg.teams))
		}
	default:
		bad("mode", "unknown mode %d (want copies, members or teams)", int(s.Mode))
	}
	if cfg.min < 0 {
		bad("min", "want ≥ 0, got %d", cfg.min)
	}
	if s.Mode == SizeMembers && cfg.min < 1 && cfg.min >= 0 {
		bad("min", "a team needs at least 1 member, got %d", cfg.min)
	}
	if cfg.max < cfg.min && cfg.min >= 0 && len(list) == 0 {
		bad("max", "%d is below min %d", cfg.max, cfg.min)
	}
	if cfg.confidence == 0 {
		cfg.confidence = 0.95
	}
	if !(cfg.confidence > 0 && cfg.confidence < 1) {
		bad("confidence", "want a probability in (0, 1), as 0.95, got %g", s.Confidence)
	}
	if cfg.trials == 0 {
		cfg.trials = 1000
	}
	if cfg.trials < 0 {
		bad("trials", "want ≥ 0, got %d", s.Trials)
	}
	if cfg.batch == 0 {
		cfg.batch = 50
	}
	if cfg.batch < 0 {
		bad("batch", "want ≥ 0, got %d", s.Batch)
	}
	cfg.batch = min(cfg.batch, max(cfg.trials, 1))
	if s.Workers < 0 {
		bad("workers", "want ≥ 0, got %d", s.Workers)
	}
	if len(s.Targets) == 0 {
		bad("targets", "missing: give at least one, as %q", "critical below 95% for more than 24 h: at most 5%")
	}
	if len(list) == 0 {
		// Bind the targets against the scenario itself, its service
		// levels extended as the evaluation extends them.
		v := *sc
		v.ServiceLevels = withTargetLevels(sc.ServiceLevels, s.Targets)
		p, err := v.Compile()
		if err != nil {
			return nil, fmt.Errorf("scenario: sizing: %w", err)
		}
		for k, t := range s.Targets {
			if _, err := bindTarget(p, t); err != nil {
				bad("targets["+strconv.Itoa(k)+"]", "%s: %v", t, err)
			}
		}
	}
	if len(list) > 0 {
		return nil, joinInvalid(list)
	}
	return cfg, nil
}

func joinInvalid(list []error) error {
	if len(list) == 0 {
		return nil
	}
	return &invalidError{errs: list}
}

// withTargetLevels returns the service levels in force (the default one
// when levels is nil) with a level added for each service-form target
// whose level none has, so that runs measure it.
func withTargetLevels(levels []ServiceLevel, targets []Target) []ServiceLevel {
	out := slices.Clone(levels)
	if out == nil {
		out = []ServiceLevel{{Level: 0.95, Duration: 24}}
	}
	for _, t := range targets {
		if t.Metric != MetricCriticalBelow {
			continue
		}
		if !slices.ContainsFunc(out, func(l ServiceLevel) bool { return l.Level == t.Level }) {
			out = append(out, ServiceLevel{Level: t.Level, Duration: t.Threshold})
		}
	}
	return out
}

// Variant returns the scenario with count teams like Team (SizeCopies),
// Team with count members (SizeMembers), or the first count of Teams
// (SizeTeams): the scenario a SizeCrews count plays, for a study of its
// own. It returns the sizing's problems (see Check), or an error for a
// count the mode cannot take (negative; no members; more teams than
// listed). The scenario is a shallow copy sharing everything but its
// crew with s.Scenario.
func (s *Sizing) Variant(count int) (*Scenario, error) {
	cfg, err := s.config()
	if err != nil {
		return nil, err
	}
	return s.variant(cfg, count)
}

func (s *Sizing) variant(cfg *sizingConfig, count int) (*Scenario, error) {
	if count < 0 || (s.Mode == SizeMembers && count < 1) || (s.Mode == SizeTeams && count > len(cfg.teams)) {
		return nil, fmt.Errorf("scenario: sizing: count %d out of range for mode %s", count, s.Mode)
	}
	rc := s.Scenario.Crew.Config()
	drop := map[string]bool{}
	switch s.Mode {
	case SizeCopies:
		tmpl := rc.Teams[cfg.team]
		if count == 0 {
			drop[tmpl.ID] = true
			break
		}
		var copies []crew.Team
		var abs []crew.Absence
		for k := 2; k <= count; k++ {
			c := s.Scenario.Crew.Team(cfg.team)
			c.ID = copyID(tmpl.ID, k)
			copies = append(copies, c)
			for _, a := range rc.Absences {
				if a.Team == tmpl.ID {
					a.Team = c.ID
					abs = append(abs, a)
				}
			}
		}
		rc.Teams = slices.Insert(rc.Teams, cfg.team+1, copies...)
		rc.Absences = append(rc.Absences, abs...)
	case SizeMembers:
		t := &rc.Teams[cfg.team]
		t.Size = count
		sum := 0
		for _, h := range t.Homes {
			sum += h.Count
		}
		for k := len(t.Homes) - 1; k >= 0 && sum > count; k-- {
			cut := min(t.Homes[k].Count, sum-count)
			t.Homes[k].Count -= cut
			sum -= cut
		}
	case SizeTeams:
		for _, i := range cfg.teams[count:] {
			drop[rc.Teams[i].ID] = true
		}
	}
	if len(drop) > 0 {
		rc.Teams = slices.DeleteFunc(rc.Teams, func(t crew.Team) bool { return drop[t.ID] })
		rc.Absences = slices.DeleteFunc(rc.Absences, func(a crew.Absence) bool { return drop[a.Team] })
	}
	ro, err := crew.New(rc)
	if err != nil {
		return nil, fmt.Errorf("scenario: sizing: count %d: %w", count, err)
	}
	v := *s.Scenario
	v.Crew = ro
	return &v, nil
}

// targetAcc accumulates one target's samples in trial order.
type targetAcc struct {
	n      int
	events int // risk
	w      welford
}

// SizeCrews finds the smallest count in [Min, Max] (see SizeMode) that
// meets every target with the confidence asked for, and the
// risk-versus-crews curve of the counts it judged.
//
// Every count plays trials 0, 1, … of the same seed, so the counts see
// the same faults (common random numbers) and the curve moves by the
// crews, not by the draws. A count is judged sequentially: after Batch
// trials, and again each time the trials double, up to Trials (looks at
// 50, 100, 200, 400, 800, 1000 by default). At each look every target
// gets a lower and an upper one-sided bound at level 1 − α: exact
// Clopper–Pearson bounds for a risk, Student t bounds for a mean. The
// count meets the targets when every bound on the far side clears its
// limit, fails when a bound on the near side is beyond one; either ends
// its trials early. After the last look an undecided count follows its
// point estimates.
//
// The search assumes that more crews never make a target worse: it judges
// Max (nothing found if Max fails), then Min (the answer if it meets),
// then bisects between a failing and a meeting count until they are
// neighbours; with Exhaustive it judges every count and takes the
// smallest that meets with every larger judged count meeting too. The
// error level of each bound is α = (1 − Confidence)/(V·L·T), for at most
// V counts judged (2 + ⌈log₂(Max − Min)⌉ by bisection, Max − Min + 1
// exhaustively), L looks per count and T targets, so that by the union
// bound the chance that any verdict the search reached is wrong — and so
// that its answer is wrong, when the true verdicts are monotone — is at
// most 1 − Confidence. SizingResult.Confirmed says whether the verdicts
// the answer rests on were all decided; Monotone whether the verdicts
// judged agree with the assumption.
//
// It returns the sizing's problems (see Check) before playing anything,
// ctx.Err() if cancelled, or the error of a failed trial. Cost: at most
// V × Trials runs, usually far fewer where the verdicts are clear.
func SizeCrews(ctx context.Context, s Sizing) (*SizingResult, error) {
	cfg, err := s.config()
	if err != nil {
		return nil, err
	}
	res := &SizingResult{Scenario: s.Scenario.Name, Mode: s.Mode, Team: s.Team, Targets: slices.Clone(s.Targets),
		Min: cfg.min, Max: cfg.max, Confidence: cfg.confidence, Seed: s.Seed, Trials: cfg.trials}
	if s.Mode == SizeTeams {
		res.Teams = cfg.teamIDs
	}
	looks := lookSchedule(cfg.batch, cfg.trials)
	v := 1
	if s.Exhaustive {
		v = cfg.max - cfg.min + 1
	} else if cfg.max > cfg.min {
		v = 2 + int(math.Ceil(math.Log2(float64(cfg.max-cfg.min))))
	}
	res.LookAlpha = (1 - cfg.confidence) / float64(v*len(looks)*len(s.Targets))

	judge := func(count int) (*SizingPoint, error) {
		if p, ok := res.Point(count); ok {
			return p, nil
		}
		p, err := s.judge(ctx, cfg, count, looks, res.LookAlpha)
		if err != nil {
			return nil, err
		}
		res.TotalTrials += p.Trials
		res.Points = append(res.Points, *p)
		slices.SortFunc(res.Points, func(a, b SizingPoint) int { return a.Count - b.Count })
		q, _ := res.Point(count)
		return q, nil
	}
	if s.Exhaustive {
		for c := cfg.min; c <= cfg.max; c++ {
			if _, err := judge(c); err != nil {
				return nil, err
			}
		}
		res.Found = res.Points[len(res.Points)-1].Met()
		res.Answer = cfg.max
		for i := len(res.Points) - 1; i >= 0 && res.Points[i].Met(); i-- {
			res.Answer = res.Points[i].Count
		}
	} else {
		hi, err := judge(cfg.max)
		if err != nil {
			return nil, err
		}
		res.Found = hi.Met()
		res.Answer = cfg.max
		if res.Found && cfg.min < cfg.max {
			lo, err := judge(cfg.min)
			if err != nil {
				return nil, err
			}
			if lo.Met() {
				res.Answer = cfg.min
			} else {
				a, b := cfg.min, cfg.max // a fails, b meets
				for b-a > 1 {
					m := a + (b-a)/2
					p, err := judge(m)
					if err != nil {
						return nil, err
					}
					if p.Met() {
						b = m
					} else {
						a = m
					}
				}
				res.Answer = b
			}
		}
	}
	// What the answer rests on.
	res.Confirmed = true
	rests := []int{res.Answer}
	if res.Found && res.Answer > cfg.min {
		rests = append(rests, res.Answer-1)
	}
	for _, c := range rests {
		if p, ok := res.Point(c); ok && p.Verdict == Undecided {
			res.Confirmed = false
		}
	}
	res.Monotone = true
	seenMet := false
	for _, p := range res.Points {
		if p.Met() {
			seenMet = true
		} else if seenMet {
			res.Monotone = false
		}
	}
	return res, nil
}

// lookSchedule returns the trial counts at which a count is judged:
// batch, 2·batch, 4·batch, … below trials, and trials.
func lookSchedule(batch, trials int) []int {
	var out []int
	for n := batch; n < trials; n *= 2 {
		out = append(out, n)
	}
	return append(out, trials)
}

// judge plays trials of one count until its verdict is clear or the
// trials run out.
func (s *Sizing) judge(ctx context.Context, cfg *sizingConfig, count int, looks []int, alpha float64) (*SizingPoint, error) {
	sc, err := s.variant(cfg, count)
	if err != nil {
		return nil, err
	}
	sc.ServiceLevels = withTargetLevels(sc.ServiceLevels, s.Targets)
	plan, err := sc.Compile()
	if err != nil {
		return nil, fmt.Errorf("scenario: sizing: count %d: %w", count, err)
	}
	bound := make([]boundTarget, len(s.Targets))
	for k, t := range s.Targets {
		if bound[k], err = bindTarget(plan, t); err != nil {
			return nil, fmt.Errorf("scenario: sizing: targets[%d]: %w", k, err)
		}
	}
	accs := make([]targetAcc, len(bound))
	pt := &SizingPoint{Count: count}
	most := looks[len(looks)-1]
	done := 0
	work := func(ctx context.Context, i int) ([]float64, error) {
		r, err := plan.NewTrial(s.Seed, i).RunContext(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]float64, len(bound))
		for k := range bound {
			out[k] = bound[k].sample(r)
		}
		return out, nil
	}
	take := func(_ int, vals []float64) bool {
		for k, v := range vals {
			a := &accs[k]
			a.n++
			if bound[k].Risk {
				if v > 0 {
					a.events++
				}
			} else {
				a.w.add(v)
			}
		}
		done++
		if s.Progress != nil {
			s.Progress(count, done, most)
		}
		return true
	}
	from := 0
	for _, n := range looks {
		if _, err := orderedTrials(ctx, s.Workers, from, n-from, work, take); err != nil {
			return nil, fmt.Errorf("scenario: sizing: count %d: %w", count, err)
		}
		from = n
		pt.Trials = n
		pt.Estimates = make([]TargetEstimate, len(bound))
		pt.Verdict, pt.Lean = Meets, true
		undecided := false
		for k := range bound {
			e := estimate(&bound[k], &accs[k], alpha)
			pt.Estimates[k] = e
			switch e.Verdict {
			case Fails:
				pt.Verdict = Fails
			case Undecided:
				undecided = true
			}
			if !bound[k].meetsAt(e.Estimate) {
				pt.Lean = false
			}
		}
		if pt.Verdict != Fails && undecided {
			pt.Verdict = Undecided
		}
		if pt.Verdict != Undecided {
			break
		}
	}
	return pt, nil
}

// meetsAt reports whether an estimate satisfies the target's limit.
func (b *boundTarget) meetsAt(v float64) bool {
	if b.AtMost {
		return v <= b.Limit
	}
	return v >= b.Limit
}

// estimate returns the estimate of one target from its samples, with
// one-sided bounds at level 1 − alpha and the verdict they give.
func estimate(b *boundTarget, a *targetAcc, alpha float64) TargetEstimate {
	n := float64(a.n)
	var e TargetEstimate
	if b.Risk {
		k := float64(a.events)
		p := k / n
		e.Estimate, e.StdErr = p, math.Sqrt(p*(1-p)/n)
		e.CI95Low, e.CI95High = wilson95(p, n)
		e.Lower, e.Upper = clopperPearson(a.events, a.n, alpha)
	} else {
		e.Estimate = a.w.mean
		sd := 0.0
		if a.n > 1 {
			sd = math.Sqrt(a.w.m2 / (n - 1))
		}
		e.StdErr = sd / math.Sqrt(n)
		lo, hi := 0.0, math.Inf(1)
		if b.metric >= 0 {
			lo, hi = metricBounds(b.metric, b.horizon)
		} else if b.Metric == MetricLOLP {
			hi = 1
		}
		if a.w.mean < lo || a.w.mean > hi {
			lo, hi = math.Inf(-1), math.Inf(1)
		}
		e.CI95Low, e.CI95High, _ = interval95(a.n, e.Estimate, e.StdErr, lo, hi)
		if a.n < 2 {
			e.Lower, e.Upper = math.Inf(-1), math.Inf(1)
		} else {
			t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(1 - alpha)
			e.Lower, e.Upper = e.Estimate-t*e.StdErr, e.Estimate+t*e.StdErr
		}
	}
	switch {
	case b.AtMost && e.Upper <= b.Limit, !b.AtMost && e.Lower >= b.Limit:
		e.Verdict = Meets
	case b.AtMost && e.Lower > b.Limit, !b.AtMost && e.Upper < b.Limit:
		e.Verdict = Fails
	}
	return e
}

// clopperPearson returns the exact one-sided bounds of a binomial
// proportion at level 1 − alpha each, with k events in n trials: the
// lower bound is the alpha quantile of Beta(k, n−k+1) (0 when k = 0) and
// the upper the 1 − alpha quantile of Beta(k+1, n−k) (1 when k = n).
func clopperPearson(k, n int, alpha float64) (lo, hi float64) {
	lo, hi = 0, 1
	if k > 0 {
		lo = distuv.Beta{Alpha: float64(k), Beta: float64(n - k + 1)}.Quantile(alpha)
	}
	if k < n {
		hi = distuv.Beta{Alpha: float64(k + 1), Beta: float64(n - k)}.Quantile(1 - alpha)
	}
	return lo, hi
}
