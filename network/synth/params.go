package synth

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
)

// Params describes the network to generate. The zero value of every field
// but Consumers is a sensible default, documented field by field; Generate
// reports every bad value at once.
type Params struct {
	// Kind is the utility. If it is zero, network.Power.
	Kind network.Kind

	// Sources is the number of sources (plants, infeeds) at the top. If it
	// is zero, max(1, Consumers/10000), but never more than Stations. It
	// must not exceed Stations: every source feeds at least one station.
	Sources int

	// Stations is the number of stations (substations, heat-exchange
	// stations, pressure regulators...). If it is zero, Consumers/20, at
	// least 1. It must not exceed Consumers: every station feeds at least
	// one consumer.
	Stations int

	// Consumers is the number of leaf consumers. Required: it must be
	// greater than zero.
	Consumers int

	// Depth is the largest number of station levels below a source: level
	// 1 hangs on a source, level 2 on level 1, and so on. Most stations sit
	// on the last level. If it is zero, 4. At most 64.
	Depth int

	// MeshShare is the number of extra two-way links among stations, as a
	// share of Stations (0.05 adds round(0.05 × Stations) links). Zero
	// gives a purely radial network. It must be finite and not negative,
	// and a positive share that rounds to at least one link needs at least
	// two stations.
	MeshShare float64

	// TotalDemand is the sum of the consumers' demand in the kind's flow
	// unit (kW or m³/h). If it is zero, 1000 per consumer. It must be
	// finite and not negative, and neither it nor the margins may be so
	// extreme that a capacity overflows or rounds to zero (which would read
	// as unlimited).
	TotalDemand float64

	// SupplyMargin is total source capacity / total demand. If it is zero,
	// 1.2. Values below 1 give a network that cannot serve all demand. It
	// must be finite and not negative.
	SupplyMargin float64

	// LinkMargin is the capacity of a station, and of the link that feeds
	// it, divided by the demand of the subtree below it; feeders get
	// LinkMargin × the consumer's demand. If it is zero, 1.5. It must be
	// finite and not negative.
	LinkMargin float64

	// Zones is the number of zones (districts). Zero means no zones: nodes
	// get no zone. Otherwise the stations, in tree order, are cut into
	// Zones contiguous groups of nearly equal size, every zone holds at
	// least one station, and consumers and sources take the zone of the
	// station that feeds them (a source: its first station). It must not
	// exceed Stations.
	Zones int

	// ClassMix holds the relative shares of consumers in the default
	// classes, in rank order: critical, essential, residential, commercial,
	// industrial. The shares are normalised by their sum. If all are zero,
	// 0.01, 0.04, 0.80, 0.10, 0.05. Each must be finite and not negative.
	ClassMix [5]float64

	// Seed selects the pseudo-random streams. Every value is valid.
	Seed uint64
}

// ErrParams is matched (errors.Is) by every error Generate returns for bad
// Params.
var ErrParams = errors.New("synth: invalid params")

// paramsError joins the problems found in Params and matches ErrParams.
type paramsError struct{ errs []error }

func (e *paramsError) Error() string {
	var b strings.Builder
	for i, x := range e.errs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(x.Error())
	}
	return b.String()
}

func (e *paramsError) Unwrap() []error { return e.errs }

func (e *paramsError) Is(target error) bool { return target == ErrParams }

// The defaults of Params.
const (
	defaultDepth        = 4
	defaultDemand       = 1000 // per consumer
	defaultSupplyMargin = 1.2
	defaultLinkMargin   = 1.5
	maxDepth            = 64
	minCapacity         = 1e-200 // mean consumer demand × margin
)

var defaultClassMix = [5]float64{0.01, 0.04, 0.80, 0.10, 0.05}

// classNames are the default classes in the order of Params.ClassMix.
var classNames = [5]string{network.Critical, network.Essential, network.Residential, network.Commercial, network.Industrial}

// resolved is Params with the defaults filled in and the derived counts.
type resolved struct {
	Params
	mesh int // number of mesh links
}

// resolve fills in the defaults and validates p, reporting every problem.
func resolve(p Params) (resolved, error) {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("synth: Params.%s: %s", field, fmt.Sprintf(format, args...)))
	}
	r := resolved{Params: p}
	if r.Kind == "" {
		r.Kind = network.Power
	} else if !r.Kind.Valid() {
		bad("Kind", "unknown kind %q (want power, heat, water or gas)", string(r.Kind))
	}

	counts := true
	if r.Consumers <= 0 {
		bad("Consumers", "%d consumers; need at least 1", r.Consumers)
		counts = false
	}
	for _, c := range []struct {
		name string
		v    int
	}{{"Sources", r.Sources}, {"Stations", r.Stations}, {"Zones", r.Zones}, {"Depth", r.Depth}} {
		if c.v < 0 {
			bad(c.name, "negative value %d", c.v)
			counts = false
		}
	}
	if r.Depth > maxDepth {
		bad("Depth", "%d levels; at most %d", r.Depth, maxDepth)
	}
	if r.Depth == 0 {
		r.Depth = defaultDepth
	}
	if counts {
		if r.Stations == 0 {
			r.Stations = max(1, r.Consumers/20)
		}
		if r.Sources == 0 {
			r.Sources = min(max(1, r.Consumers/10000), r.Stations)
		}
		if r.Stations > r.Consumers {
			bad("Stations", "%d stations exceed the %d consumers; every station feeds at least one consumer", r.Stations, r.Consumers)
		}
		if r.Sources > r.Stations {
			bad("Sources", "%d sources exceed the %d stations; every source feeds at least one station", r.Sources, r.Stations)
		}
		if r.Zones > r.Stations {
			bad("Zones", "%d zones exceed the %d stations; every zone holds at least one station", r.Zones, r.Stations)
		}
	}

	checkFloat := func(field string, v float64) bool {
		switch {
		case math.IsNaN(v):
			bad(field, "not a number")
		case math.IsInf(v, 0):
			bad(field, "infinite value")
		case v < 0:
			bad(field, "negative value %g", v)
		default:
			return true
		}
		return false
	}
	meshOK := checkFloat("MeshShare", r.MeshShare)
	if checkFloat("TotalDemand", r.TotalDemand) && r.TotalDemand == 0 && counts {
		r.TotalDemand = defaultDemand * float64(r.Consumers)
	}
	if checkFloat("SupplyMargin", r.SupplyMargin) && r.SupplyMargin == 0 {
		r.SupplyMargin = defaultSupplyMargin
	}
	if checkFloat("LinkMargin", r.LinkMargin) && r.LinkMargin == 0 {
		r.LinkMargin = defaultLinkMargin
	}
	mixOK := true
	var sum float64
	for i, v := range r.ClassMix {
		if !checkFloat(fmt.Sprintf("ClassMix[%d] (%s)", i, classNames[i]), v) {
			mixOK = false
		}
		sum += v
	}
	if mixOK && sum == 0 {
		r.ClassMix = defaultClassMix
	} else if mixOK && math.IsInf(sum, 0) {
		bad("ClassMix", "shares sum to an infinite value")
	}
	if top := r.TotalDemand * max(r.SupplyMargin, r.LinkMargin); math.IsInf(top, 0) {
		bad("TotalDemand", "%g × margin overflows", r.TotalDemand)
	} else if counts && r.TotalDemand > 0 && r.SupplyMargin > 0 && r.LinkMargin > 0 &&
		r.TotalDemand/float64(r.Consumers)*min(r.SupplyMargin, r.LinkMargin) < minCapacity {
		// A capacity rounded to zero would read as unlimited.
		bad("TotalDemand", "%g over %d consumers with margins %g and %g gives capacities too small to represent; use a larger unit",
			r.TotalDemand, r.Consumers, r.SupplyMargin, r.LinkMargin)
	}

	if counts && meshOK {
		m := math.Round(r.MeshShare * float64(r.Stations))
		switch {
		case m > math.MaxInt32:
			bad("MeshShare", "%g × %d stations gives too many links", r.MeshShare, r.Stations)
		case m > 0 && r.Stations < 2:
			bad("MeshShare", "%g gives %d mesh links but there is only one station", r.MeshShare, int(m))
		default:
			r.mesh = int(m)
		}
	}
	if counts {
		nodes := int64(r.Sources) + int64(r.Stations) + int64(r.Consumers)
		links := int64(r.Stations) + int64(r.Consumers) + int64(r.mesh)
		if nodes+links > math.MaxInt32 {
			bad("Consumers", "%d nodes and %d links exceed the network's limit of %d elements", nodes, links, math.MaxInt32)
		}
	}
	if len(errs) > 0 {
		return resolved{}, &paramsError{errs: errs}
	}
	return r, nil
}

// Size returns the Params of a power network of about nodes nodes in the
// standard benchmark shape: a forest of stations under a few sources
// (Consumers/10000, at least 1), one station per 20 consumers, consumers as
// leaves, and meshShare × Stations extra links among stations (0.05 for the
// usual 5%), with one zone per 5000 nodes (at least 1) and the defaults of
// every other field. Sources + Stations + Consumers equals nodes exactly for
// nodes ≥ 3; smaller values give the smallest network, of 3 nodes. The
// result is Params, so callers may change any field before Generate.
func Size(nodes int, meshShare float64, seed uint64) Params {
	nodes = max(nodes, 3)
	// nodes = C + C/20 + C/10000.
	c := int(math.Round(float64(nodes) / (1 + 1.0/20 + 1.0/10000)))
	st := max(1, c/20)
	src := max(1, c/10000)
	c = nodes - st - src
	return Params{
		Kind:      network.Power,
		Sources:   src,
		Stations:  st,
		Consumers: c,
		MeshShare: meshShare,
		Zones:     max(1, nodes/5000),
		Seed:      seed,
	}
}
