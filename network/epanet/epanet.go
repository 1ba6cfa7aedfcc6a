package epanet

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"

	"github.com/lifeline-sim/lifeline/network"
)

// DefaultVelocity is the flow velocity, in m/s, that sets the capacity of
// pipes and valves when Options.VelocityLimit is zero: 1.5 m/s, a common
// design velocity for distribution mains (fast enough to keep pipes small,
// slow enough to keep head loss and surge pressures moderate).
const DefaultVelocity = 1.5

// Options tunes the mapping of an EPANET model onto a network. The zero
// value is ready to use.
type Options struct {
	// VelocityLimit is the largest mean flow velocity in a pipe or valve,
	// in m/s. It turns diameters into capacities: a pipe of diameter D (in
	// m) carries at most VelocityLimit × πD²/4 × 3600 m³/h. If it equals
	// zero, DefaultVelocity (1.5 m/s) is used. It must not be negative,
	// NaN or infinite.
	VelocityLimit float64
	// ApplyPatterns multiplies every demand by its time pattern's multiplier
	// at hour PatternHour of the simulation. If false (the default), a
	// demand is its base demand × the DEMAND MULTIPLIER of [OPTIONS], and
	// the patterns are only reported, in Model.Patterns.
	ApplyPatterns bool
	// PatternHour is the hour since the start of the simulation at which
	// patterns are read when ApplyPatterns is set (the period follows from
	// the PATTERN TIMESTEP and PATTERN START of [TIMES]; patterns repeat).
	// It must be in [0, 10⁶].
	PatternHour int
}

// Counts are the numbers of elements in a file, as EPANET counts them:
// every element listed, closed links included.
type Counts struct {
	Junctions  int
	Reservoirs int
	Tanks      int
	Pipes      int
	Pumps      int
	Valves     int
	Patterns   int // distinct pattern IDs
	Curves     int // distinct curve IDs
}

// Model is what Read found in a file: the network and what else of the
// EPANET model a caller may need. Read returns it complete and never
// touches it again; it is safe for concurrent use by goroutines that only
// read it (the maps and slices must not be modified).
type Model struct {
	// Network is the imported water network.
	Network *network.Network
	// Title is the first line of [TITLE], also the network's name.
	Title string
	// Counts are the numbers of elements in the file.
	Counts Counts
	// FlowUnits are the flow units of the file, upper case, as given by
	// UNITS in [OPTIONS] (GPM if not given).
	FlowUnits string
	// DemandMultiplier is the DEMAND MULTIPLIER of [OPTIONS] (1 if not
	// given); it is applied to every demand in the network.
	DemandMultiplier float64
	// Patterns are the time patterns by ID: one multiplier per pattern
	// period (see PatternStep), in file order.
	Patterns map[string][]float64
	// PatternIDs are the keys of Patterns, sorted.
	PatternIDs []string
	// DefaultPattern is the pattern followed by demands that name none: the
	// PATTERN of [OPTIONS], or "1"; "" when that pattern does not exist, in
	// which case such demands are constant.
	DefaultPattern string
	// PatternStep is the length of one pattern period (PATTERN TIMESTEP of
	// [TIMES], 1 h if not given).
	PatternStep time.Duration
	// PatternStart is the time into the patterns at which the simulation
	// starts (PATTERN START of [TIMES], 0 if not given).
	PatternStart time.Duration
	// Closed lists the IDs of the links that are closed at the start of the
	// simulation (status CLOSED in [PIPES] or [STATUS], a pump at speed
	// 0, a flow control valve set to 0) and were left out of the network,
	// in file order.
	Closed []string
}

// Multiplier returns the multiplier of the pattern with the given ID at
// time t since the start of the simulation, and false if there is no such
// pattern. Patterns repeat; a negative t counts back from the start.
func (m *Model) Multiplier(pattern string, t time.Duration) (float64, bool) {
	f, ok := m.Patterns[pattern]
	if !ok || len(f) == 0 {
		return 0, false
	}
	return f[period(t+m.PatternStart, m.PatternStep, len(f))], true
}

// period returns the index of the pattern period that contains time t.
func period(t, step time.Duration, n int) int {
	if step <= 0 {
		step = time.Hour
	}
	k := int64(t/step) % int64(n)
	if t < 0 && t%step != 0 {
		k--
	}
	if k < 0 {
		k += int64(n)
	}
	return int(k)
}

// ReadFile reads the EPANET input file at path; see Read. Positions in
// errors name the file as path.
func ReadFile(path string, opt Options) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("epanet: %w", err)
	}
	defer f.Close()
	return Read(f, path, opt)
}

// Read reads an EPANET 2.2 input file from r and builds its water network.
// file names the input in error positions.
//
// Read understands [TITLE], [JUNCTIONS], [RESERVOIRS], [TANKS], [PIPES],
// [PUMPS], [VALVES], [DEMANDS], [STATUS], [PATTERNS], [CURVES], [OPTIONS]
// (UNITS, DEMAND MULTIPLIER, PATTERN), [TIMES] (PATTERN TIMESTEP, PATTERN
// START) and [COORDINATES]; it skips every other section ([CONTROLS],
// [RULES], [ENERGY], [QUALITY], ...) and stops at [END]. Section names and
// keywords are case-insensitive, IDs are case-sensitive; text after ';' is a
// comment. Sections may come in any order.
//
// The mapping (see docs/importers-epanet.md): a junction with a positive
// demand is a consumer, with a negative demand (an inflow) a source of that
// capacity, otherwise a plain junction; a reservoir is a source of
// unlimited capacity; a tank is a storage holding its volume above its
// minimum level, with an unlimited discharge rate; a pipe or valve is a
// link with the capacity of its diameter at Options.VelocityLimit (one-way
// for check-valve pipes, PRVs, PSVs and FCVs; an FCV's capacity is its
// flow setting); a pump is a station, of the capacity of its head curve's
// largest flow, between one-way links. Links closed at the start are left
// out and listed in Model.Closed. Nodes keep their EPANET IDs; links are
// named "pipe <ID>" and "valve <ID>", a pump's station "pump <ID>" and its
// links "pump <ID> in" and "pump <ID> out", since EPANET gives nodes and
// links separate name spaces and Lifeline one.
//
// Every problem is reported, each as a *network.FieldError with Pos{File,
// Line}, the element (junction, reservoir, tank, pipe, pump, valve, demand,
// status, pattern, curve, node, options, times or network), its ID and the
// field, joined in line order (see network.Problems); the error matches
// network.ErrInvalid. If any line has a problem the network is not built.
// Errors from r are returned wrapped, and bad Options give a plain error.
// Read takes time linear in the size of the file, plus hashing, and never
// panics.
func Read(r io.Reader, file string, opt Options) (*Model, error) {
	v := opt.VelocityLimit
	switch {
	case v == 0:
		v = DefaultVelocity
	case math.IsNaN(v) || math.IsInf(v, 0) || v < 0:
		return nil, fmt.Errorf("epanet: VelocityLimit %g m/s: want a finite velocity ≥ 0", opt.VelocityLimit)
	}
	if opt.ApplyPatterns && (opt.PatternHour < 0 || opt.PatternHour > maxHours) {
		return nil, fmt.Errorf("epanet: PatternHour %d: want an hour in [0, %d]", opt.PatternHour, int(maxHours))
	}
	opt.VelocityLimit = v
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("epanet: reading %s: %w", file, err)
	}
	p := newParser(file)
	p.parse(data)
	m := p.model(opt)
	if len(p.probs) > 0 {
		return nil, p.err()
	}
	return m, nil
}

// invalidError joins the problems of a file; it matches network.ErrInvalid.
type invalidError []error

func (e invalidError) Error() string {
	var b strings.Builder
	for i, x := range e {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(x.Error())
	}
	return b.String()
}

func (e invalidError) Unwrap() []error { return e }

func (e invalidError) Is(target error) bool { return target == network.ErrInvalid }
