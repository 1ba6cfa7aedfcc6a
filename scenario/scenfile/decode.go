package scenfile

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/netfile"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/supply"
)

// The keys of each mapping, in the order docs/scenario-format.md lists them.
var (
	topKeys = []string{"format", "version", "name", "currency", "start", "horizon_hours", "resolution_hours",
		"interruption", "momentary_hours", "service_levels", "networks", "crew", "lockdowns",
		"profiles", "spikes", "weather", "series", "demands", "outages", "cuts", "new_loads", "deliveries",
		"faults", "reliability", "couplings", "steady_start", "target"}
	levelKeys       = []string{"level", "hours"}
	netKeys         = []string{"id", "policy", "file", "kind", "inline"}
	crewKeys        = []string{"start_hour", "default_travel_hours", "same_zone_travel_hours", "policy", "teams", "absences", "travel", "entry"}
	teamKeys        = []string{"id", "skills", "size", "base", "vehicles", "homes", "shift", "site"}
	skillKeys       = []string{"kind", "role"}
	homeKeys        = []string{"zone", "count"}
	shiftKeys       = []string{"start", "hours"}
	absenceKeys     = []string{"team", "share", "from", "to"}
	travelKeys      = []string{"from", "to", "hours"}
	entryKeys       = []string{"level", "forbidden", "delay_hours"}
	lockdownKeys    = []string{"zone", "level", "from", "to", "demand_factor"}
	profileKeys     = []string{"network", "class", "hourly"}
	spikeKeys       = []string{"network", "kind", "zone", "class", "factor", "from", "to"}
	weatherKeys     = []string{"outdoor", "step_hours", "start_hours", "design", "indoor", "time_constant_hours", "cold"}
	seriesKeys      = []string{"network", "asset", "scale", "capacity", "step_hours", "start_hours"}
	demandKeys      = []string{"network", "consumer", "class", "zone", "scale", "demand", "step_hours", "start_hours"}
	outageKeys      = []string{"network", "asset", "at", "duration", "repair", "work", "min_crew"}
	cutKeys         = []string{"network", "asset", "scale", "from", "to"}
	newLoadKeys     = []string{"network", "consumer", "at"}
	coupleKeys      = []string{"from", "consumer", "to", "asset", "factor"}
	deliveryKeys    = []string{"network", "storage", "at", "amount", "every", "until"}
	faultKeys       = []string{"network", "asset", "role", "links", "zone", "class", "where", "rate_per_year", "mttf_hours", "cold_below", "cold_factor", "repair", "min_crew"}
	reliabilityKeys = []string{"file", "network"}
)

// workParams lists, per distribution, the keys of its parameters in the
// order crew.NewWorkTime takes them, and the names crew uses for them.
var workParams = map[string]struct{ keys, crewNames []string }{
	"fixed":       {[]string{"hours"}, []string{"hours"}},
	"exponential": {[]string{"mean_hours"}, []string{"mean"}},
	"lognormal":   {[]string{"median_hours", "sigma"}, []string{"median", "sigma"}},
	"weibull":     {[]string{"shape", "scale_hours"}, []string{"shape", "scale"}},
	"uniform":     {[]string{"min_hours", "max_hours"}, []string{"lo", "hi"}},
}

var levels = map[string]crew.Level{
	"open": crew.Open, "precaution": crew.Precaution, "controlled": crew.Controlled, "sealed": crew.Sealed,
}

// document decodes the top-level mapping.
func (d *decoder) document(root *yaml.Node) *scenario.Scenario {
	sc := &scenario.Scenario{}
	nErr := len(d.errs)
	o := d.object(root, "", topKeys)
	if o == nil {
		if d.resolve(root) == nil {
			d.errorf(root.Line, "", "empty document")
		}
		d.noCheck = true
		return sc
	}
	if o.has("format") {
		switch f := o.str("format"); f {
		case Format:
		case "lifeline-network":
			d.errs = d.errs[:nErr] // its keys would only add noise
			d.errorf(o.lineOf("format"), "format", "this is a network document, not a scenario (want %q)", Format)
			d.noCheck = true
			return sc
		default:
			d.errorf(o.lineOf("format"), "format", "want %q, got %s", Format, quoteCut(f))
		}
	}
	if o.require("version") {
		if v, ok := d.num(o.vals["version"], "version"); ok && v != Version {
			d.errorf(o.lineOf("version"), "version", "unsupported version %g (want %d)", v, Version)
		}
	}
	sc.Name = o.str("name")
	sc.Currency = o.str("currency")
	if o.has("start") {
		nErr := len(d.errs)
		sc.Start = d.time(o.vals["start"], "start")
		d.start, d.hasStart = sc.Start, len(d.errs) == nErr
	}
	if o.require("horizon_hours") {
		sc.Horizon = o.num("horizon_hours")
	}
	sc.Resolution = o.num("resolution_hours")
	sc.Interruption = o.num("interruption")
	sc.Momentary = o.num("momentary_hours")
	each := func(key string, keys []string, f func(e *obj)) {
		for i, it := range o.list(key) {
			if e := d.element(it, indexPath(key, i), keys); e != nil {
				f(e)
			}
		}
	}
	if o.has("service_levels") {
		sc.ServiceLevels = []scenario.ServiceLevel{}
		each("service_levels", levelKeys, func(e *obj) {
			e.require("level", "hours")
			sc.ServiceLevels = append(sc.ServiceLevels, scenario.ServiceLevel{Level: e.num("level"), Duration: e.num("hours")})
		})
	}
	if o.require("networks") {
		before := len(d.errs)
		items := o.list("networks")
		if len(items) == 0 && len(d.errs) == before {
			d.errorf(o.lineOf("networks"), "networks", "no networks")
		}
		for i, it := range items {
			if u, ok := d.utility(it, indexPath("networks", i)); ok {
				sc.Utilities = append(sc.Utilities, u)
			} else {
				d.netFailed = true
			}
		}
	}
	if o.has("crew") {
		sc.Crew = d.crew(o.vals["crew"], sc)
		d.crewFailed = sc.Crew == nil
	}
	each("lockdowns", lockdownKeys, func(e *obj) {
		e.require("zone", "level")
		sc.Lockdowns = append(sc.Lockdowns, scenario.Lockdown{
			Zone: e.str("zone"), Level: e.level("level"), From: e.num("from"), To: e.num("to"),
			DemandFactor: e.num("demand_factor"),
		})
	})
	each("profiles", profileKeys, func(e *obj) {
		e.require("hourly")
		h, ok := e.numbers("hourly")
		if ok && e.has("hourly") && len(h) != 24 {
			d.errorf(e.lineOf("hourly"), e.field("hourly"), "want 24 multipliers (hours 0 to 23), got %d", len(h))
		}
		sc.Profiles = append(sc.Profiles, scenario.Profile{Network: e.str("network"), Class: e.str("class"), Hourly: h})
	})
	each("spikes", spikeKeys, func(e *obj) {
		e.require("factor")
		sp := scenario.Spike{Network: e.str("network"), Zone: e.str("zone"), Class: e.str("class"),
			Factor: e.num("factor"), From: e.num("from"), To: e.num("to")}
		if e.has("kind") {
			sp.Kind = string(e.kind("kind"))
		}
		sc.Spikes = append(sc.Spikes, sp)
	})
	if o.has("weather") {
		if e := o.sub("weather", weatherKeys); e != nil {
			e.require("outdoor", "design")
			v := d.seriesValues(e, "outdoor", valueKind{what: "temperature"})
			d.checkInline(e)
			sc.Weather = &scenario.Weather{Outdoor: v.vals, Step: v.step, Start: v.start, Design: e.num("design"), Indoor: e.num("indoor"),
				TimeConstant: e.num("time_constant_hours"), Cold: e.num("cold")}
		}
	}
	each("series", seriesKeys, func(e *obj) {
		key := "scale"
		if e.has("capacity") {
			key = "capacity"
		}
		if e.has("scale") == e.has("capacity") {
			d.errorf(e.line, e.field("scale"), "give exactly one of scale and capacity")
		}
		d.checkInline(e)
		v := d.seriesValues(e, key, valueKind{what: key, nonNeg: true, allowCols: !e.has("asset")})
		add := func(net, asset string, vals []float64, src seriesSrc) {
			se := scenario.CapacitySeries{Network: net, Asset: asset, Step: v.step, Start: v.start}
			if key == "scale" {
				se.Scale = vals
			} else {
				se.Capacity = vals
			}
			sc.Series = append(sc.Series, se)
			d.seriesSrc = append(d.seriesSrc, src)
		}
		if v.perColumn {
			d.perColumn(sc, e, key, v, false, func(net, id string, vals []float64, src seriesSrc) { add(net, id, vals, src) })
			return
		}
		if !e.has("asset") {
			d.errorf(e.line, e.field("asset"), "missing (give the asset, or a table without column: one series per column, each headed by its asset)")
		}
		add(e.str("network"), e.str("asset"), v.vals, seriesSrc{path: e.path})
	})
	each("demands", demandKeys, func(e *obj) {
		key := "scale"
		if e.has("demand") {
			key = "demand"
		}
		if e.has("scale") == e.has("demand") {
			d.errorf(e.line, e.field("scale"), "give exactly one of scale and demand")
		}
		d.checkInline(e)
		sel := e.has("consumer") || e.has("class") || e.has("zone")
		v := d.seriesValues(e, key, valueKind{what: key, nonNeg: true, allowCols: !sel})
		add := func(ds scenario.DemandSeries, vals []float64, src seriesSrc) {
			ds.Step, ds.Start = v.step, v.start
			if key == "scale" {
				ds.Scale = vals
			} else {
				ds.Demand = vals
			}
			sc.Demands = append(sc.Demands, ds)
			d.demandSrc = append(d.demandSrc, src)
		}
		if v.perColumn {
			d.perColumn(sc, e, key, v, true, func(net, id string, vals []float64, src seriesSrc) {
				add(scenario.DemandSeries{Network: net, Consumer: id}, vals, src)
			})
			return
		}
		if !sel {
			d.errorf(e.line, e.field("consumer"), "missing (give a consumer, a class and/or a zone, or a table without column: one series per column, each headed by its consumer)")
		}
		add(scenario.DemandSeries{Network: e.str("network"), Consumer: e.str("consumer"), Class: e.str("class"), Zone: e.str("zone")}, v.vals, seriesSrc{path: e.path})
	})
	each("outages", outageKeys, func(e *obj) {
		e.require("asset", "at")
		ou := scenario.Outage{Network: e.str("network"), Asset: e.str("asset"), At: e.num("at"),
			Duration: e.num("duration"), MinCrew: e.integer("min_crew")}
		ou.Repair = e.has("work")
		if e.has("repair") {
			ou.Repair = e.boolean("repair")
			if !ou.Repair && e.has("work") {
				d.errorf(e.lineOf("work"), e.field("work"), "a work time is given but repair is false")
			}
		}
		if e.has("work") {
			ou.Work = d.work(e.vals["work"], e.field("work"))
		}
		if ou.Repair && e.has("duration") && ou.Duration > 0 {
			d.errorf(e.lineOf("duration"), e.field("duration"), "give a duration or a repair, not both")
		}
		sc.Outages = append(sc.Outages, ou)
	})
	each("cuts", cutKeys, func(e *obj) {
		e.require("asset", "scale")
		sc.Cuts = append(sc.Cuts, scenario.SupplyCut{Network: e.str("network"), Asset: e.str("asset"),
			Scale: e.num("scale"), From: e.num("from"), To: e.num("to")})
	})
	each("new_loads", newLoadKeys, func(e *obj) {
		e.require("consumer", "at")
		sc.NewLoads = append(sc.NewLoads, scenario.NewLoad{Network: e.str("network"), Consumer: e.str("consumer"), At: e.num("at")})
	})
	each("couplings", coupleKeys, func(e *obj) {
		e.require("from", "consumer", "to", "asset")
		sc.Couplings = append(sc.Couplings, scenario.Coupling{From: e.str("from"), Consumer: e.str("consumer"),
			To: e.str("to"), Asset: e.str("asset"), Factor: e.num("factor")})
	})
	each("deliveries", deliveryKeys, func(e *obj) {
		e.require("storage", "at", "amount")
		sc.Deliveries = append(sc.Deliveries, scenario.Delivery{Network: e.str("network"), Storage: e.str("storage"),
			At: e.num("at"), Amount: e.num("amount"), Every: e.num("every"), Until: e.num("until")})
	})
	each("faults", faultKeys, func(e *obj) {
		e.require("repair")
		f := scenario.FaultModel{Network: e.str("network"), Asset: e.str("asset"), Zone: e.str("zone"), Class: e.str("class"),
			Rate: e.num("rate_per_year"), MTTF: e.num("mttf_hours"),
			ColdBelow: e.num("cold_below"), ColdFactor: e.num("cold_factor"), MinCrew: e.integer("min_crew")}
		f.Links = e.boolean("links")
		switch {
		case e.has("rate_per_year") && e.has("mttf_hours"):
			d.errorf(e.lineOf("mttf_hours"), e.field("mttf_hours"), "give rate_per_year or mttf_hours, not both")
		case !e.has("rate_per_year") && !e.has("mttf_hours"):
			d.errorf(e.line, e.field("rate_per_year"), "missing (give rate_per_year or mttf_hours)")
		case e.has("mttf_hours") && !(f.MTTF > 0):
			d.errorf(e.lineOf("mttf_hours"), e.field("mttf_hours"), "%g is not a number of hours > 0", f.MTTF)
		}
		if e.has("where") {
			f.Attrs = e.strings("where")
		}
		sel := e.has("role") || f.Links || e.has("zone") || e.has("class") || e.has("where")
		switch {
		case e.has("role") && f.Links:
			d.errorf(e.lineOf("role"), e.field("role"), "give a role or links: true, not both")
		case e.has("asset") && sel:
			d.errorf(e.lineOf("asset"), e.field("asset"), "names one asset: give no role, links, zone, class or where with it")
		case e.has("role"):
			f.Role = e.role("role")
		case !sel && !e.has("asset"):
			d.errorf(e.line, e.field("role"), "missing (give an asset, or select by role, links: true, zone, class or where)")
		}
		if e.has("cold_below") && !e.has("cold_factor") {
			d.errorf(e.lineOf("cold_below"), e.field("cold_below"), "has no effect without cold_factor")
		}
		if e.has("repair") {
			f.Repair = d.work(e.vals["repair"], e.field("repair"))
		}
		sc.Faults = append(sc.Faults, f)
	})
	d.yamlFaults = len(sc.Faults)
	for i, it := range o.list("reliability") {
		path := indexPath("reliability", i)
		var file, net string
		line := it.Line
		if n := d.resolve(it); n != nil && n.Kind == yaml.ScalarNode {
			file = d.str(it, path)
		} else if e := d.element(it, path, reliabilityKeys); e != nil {
			e.require("file")
			file, net = e.str("file"), e.str("network")
			line = e.lineOf("file")
		}
		if file != "" {
			d.reliability(sc, file, net, line, joinPath(path, "file"))
		}
	}
	sc.SteadyStart = o.boolean("steady_start")
	if o.has("target") || o.vals["target"] != nil {
		d.sizing = d.target(o)
	}
	return sc
}

// reliability reads the reliability table file (relative to the
// scenario's folder) and appends its models to sc.Faults, each with a
// default network; problems in it are reported with the table's name and
// line behind the line that names it.
func (d *decoder) reliability(sc *scenario.Scenario, file, net string, line int, field string) {
	path := filepath.FromSlash(file)
	if !filepath.IsAbs(path) && d.dir != "" {
		path = filepath.Join(d.dir, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		d.errorf(line, field, "cannot read %s: %v", file, unwrapPathError(err))
		return
	}
	rows, probs := readReliability(data, file)
	for _, p := range probs {
		d.errs = append(d.errs, &Error{File: d.file, Line: line, Field: field, Msg: p.Error(), Err: p})
	}
	for _, r := range rows {
		m := r.Model
		if m.Network == "" {
			m.Network = net
		}
		sc.Faults = append(sc.Faults, m)
		d.faultRows = append(d.faultRows, faultRow{file: file, line: r.Line, yamlLine: line, field: field})
	}
}

// faultRow says where a fault model read from a reliability table came
// from.
type faultRow struct {
	file           string
	line, yamlLine int
	field          string
}

// time reads an RFC 3339 time, or a date (midnight UTC).
func (d *decoder) time(raw *yaml.Node, field string) time.Time {
	s := d.str(raw, field)
	if s == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t
	}
	d.errorf(raw.Line, field, "not an RFC 3339 time %s (write e.g. 2022-02-07T20:00:00+08:00)", quoteCut(s))
	return time.Time{}
}

// level reads a lockdown level by name.
func (o *obj) level(key string) crew.Level {
	s := o.str(key)
	if s == "" {
		return crew.Open
	}
	l, ok := levels[s]
	if !ok {
		o.d.errorf(o.lineOf(key), o.field(key), "unknown level %s (want sealed, controlled, precaution or open)", quoteCut(s))
	}
	return l
}

// kind reads a network kind.
func (o *obj) kind(key string) network.Kind {
	s := o.str(key)
	if s == "" {
		return ""
	}
	k := network.Kind(s)
	if !k.Valid() {
		o.d.errorf(o.lineOf(key), o.field(key), "unknown kind %s (want power, heat, water or gas)", quoteCut(s))
		return ""
	}
	return k
}

// role reads a node role.
func (o *obj) role(key string) network.Role {
	s := o.str(key)
	if s == "" {
		return ""
	}
	r := network.Role(s)
	if !r.Valid() {
		o.d.errorf(o.lineOf(key), o.field(key), "unknown role %s (want source, station, storage, junction or consumer)", quoteCut(s))
		return ""
	}
	return r
}

var crewWorkErrRE = regexp.MustCompile(`^crew: work time "[a-z]+": ([a-z]+): (.*)$`)

// work reads a repair-time distribution: a number of hours (fixed), or a
// mapping {dist: NAME, parameters...}.
func (d *decoder) work(raw *yaml.Node, field string) crew.WorkTime {
	n := d.resolve(raw)
	if n == nil {
		return crew.WorkTime{}
	}
	if n.Kind == yaml.ScalarNode {
		h, ok := d.num(raw, field)
		if !ok {
			return crew.WorkTime{}
		}
		w, err := crew.NewWorkTime("fixed", h)
		if err != nil {
			d.errorf(raw.Line, field, "%g is not a number of hours ≥ 0", h)
		}
		return w
	}
	known := []string{"dist"}
	for _, dist := range []string{"fixed", "exponential", "lognormal", "weibull", "uniform"} {
		for _, k := range workParams[dist].keys {
			if !contains(known, k) {
				known = append(known, k)
			}
		}
	}
	o := d.object(raw, field, known)
	if o == nil || !o.require("dist") {
		return crew.WorkTime{}
	}
	dist := o.str("dist")
	wp, ok := workParams[dist]
	if !ok {
		d.errorf(o.lineOf("dist"), o.field("dist"), "unknown distribution %s (want fixed, exponential, lognormal, weibull or uniform)", quoteCut(dist))
		return crew.WorkTime{}
	}
	good := true
	for k := range o.vals {
		if k != "dist" && !contains(wp.keys, k) {
			d.errorf(o.lineOf(k), o.field(k), "not a parameter of %s (want %s)", dist, strings.Join(wp.keys, " and "))
			good = false
		}
	}
	params := make([]float64, len(wp.keys))
	for i, k := range wp.keys {
		if !o.require(k) {
			good = false
			continue
		}
		v, ok := d.num(o.vals[k], o.field(k))
		good = good && ok
		params[i] = v
	}
	if !good {
		return crew.WorkTime{}
	}
	w, err := crew.NewWorkTime(dist, params...)
	if err != nil {
		if m := crewWorkErrRE.FindStringSubmatch(err.Error()); m != nil {
			for i, name := range wp.crewNames {
				if name == m[1] {
					d.errorf(o.lineOf(wp.keys[i]), o.field(wp.keys[i]), "%s", m[2])
					return crew.WorkTime{}
				}
			}
		}
		d.errorf(o.line, field, "%s", strings.TrimPrefix(err.Error(), "crew: "))
		return crew.WorkTime{}
	}
	return w
}

// utility decodes one entry of networks.
func (d *decoder) utility(raw *yaml.Node, path string) (scenario.Utility, bool) {
	o := d.element(raw, path, netKeys)
	if o == nil {
		return scenario.Utility{}, false
	}
	u := scenario.Utility{ID: o.str("id")}
	if o.has("policy") {
		p, err := supply.ParsePolicy(o.str("policy"))
		if err != nil {
			d.errorf(o.lineOf("policy"), o.field("policy"), "unknown policy %s (want priority-fair or proportional)", quoteCut(o.str("policy")))
		}
		u.Policy = p
	}
	var kind network.Kind
	if o.has("kind") {
		kind = o.kind("kind")
	}
	switch {
	case o.has("file") && o.has("inline"):
		d.errorf(o.lineOf("inline"), o.field("inline"), "give file or inline, not both")
		return u, false
	case o.has("inline"):
		if o.has("kind") {
			d.errorf(o.lineOf("kind"), o.field("kind"), "an inline network states its kind inside")
		}
		u.Net = d.inline(o.vals["inline"], o.field("inline"))
	case o.has("file"):
		u.Net = d.networkFile(o, kind)
	default:
		d.errorf(o.line, o.field("file"), "missing (give file or inline)")
	}
	return u, u.Net != nil
}

// networkFile reads the network named by o's file: a network document, an
// EPANET .inp file, a MATPOWER .m case, or a folder holding nodes.csv and
// links.csv of o's kind.
func (d *decoder) networkFile(o *obj, kind network.Kind) *network.Network {
	name := o.str("file")
	if name == "" {
		return nil
	}
	line, field := o.lineOf("file"), o.field("file")
	path := filepath.FromSlash(name)
	if !filepath.IsAbs(path) && d.dir != "" {
		path = filepath.Join(d.dir, path)
	}
	fi, err := os.Stat(path)
	if err != nil {
		d.errorf(line, field, "cannot read %s: %v", name, unwrapPathError(err))
		return nil
	}
	if !fi.IsDir() && !fi.Mode().IsRegular() {
		d.errorf(line, field, "cannot read %s: not a regular file or folder", name)
		return nil
	}
	var net *network.Network
	if fi.IsDir() {
		if kind == "" {
			if !o.has("kind") {
				d.errorf(line, o.field("kind"), "missing: %s is a folder of CSV files; say which kind of network it holds", name)
			}
			return nil
		}
	}
	net, err = netfile.Load(path, kind)
	if err != nil {
		probs := network.Problems(err)
		if len(probs) == 0 {
			msg := strings.TrimPrefix(strings.TrimPrefix(err.Error(), "network: "), "csv: ")
			d.errs = append(d.errs, &Error{File: d.file, Line: line, Field: field, Msg: msg, Err: err})
		}
		for _, p := range probs {
			d.errs = append(d.errs, &Error{File: d.file, Line: line, Field: field, Msg: p.Error(), Err: p})
		}
		return nil
	}
	if kind != "" && net.Kind() != kind {
		d.errorf(o.lineOf("kind"), o.field("kind"), "%s is a %s network, not %s", name, net.Kind(), kind)
		return nil
	}
	return net
}

// unwrapPathError drops the operation and path of an *os.PathError, which
// the message states already.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// crew decodes the crew block into a Roster. Without a start time, its
// start_hour sets the hour of day of sc.Start (on 1 January of year 1,
// UTC), so that daily profiles follow the same clock as shifts.
func (d *decoder) crew(raw *yaml.Node, sc *scenario.Scenario) *crew.Roster {
	start := sc.Start
	o := d.object(raw, "crew", crewKeys)
	if o == nil {
		return nil
	}
	nErr := len(d.errs)
	cfg := crew.Config{
		StartHour:      o.num("start_hour"),
		DefaultTravel:  o.num("default_travel_hours"),
		SameZoneTravel: o.num("same_zone_travel_hours"),
	}
	if !start.IsZero() {
		h := float64(start.Hour()) + float64(start.Minute())/60 + float64(start.Second())/3600
		if o.has("start_hour") && math.Abs(cfg.StartHour-h) > 1e-9 {
			d.errorf(o.lineOf("start_hour"), o.field("start_hour"), "%g disagrees with start (%s); leave it out", cfg.StartHour, start.Format("15:04"))
		}
		cfg.StartHour = h
	} else if h := cfg.StartHour; o.has("start_hour") && h > 0 && h < 24 {
		sc.Start = time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(math.Round(h * 3600 * 1e9)))
	}
	if o.has("policy") {
		p, err := crew.PolicyByName(o.str("policy"))
		if err != nil {
			d.errorf(o.lineOf("policy"), o.field("policy"), "%s", strings.TrimPrefix(err.Error(), "crew: "))
		}
		cfg.Policy = p
	}
	for i, it := range o.list("teams") {
		t := d.element(it, indexPath("crew.teams", i), teamKeys)
		if t == nil {
			continue
		}
		t.require("id", "size")
		team := crew.Team{ID: t.str("id"), Size: t.integer("size"), Base: t.str("base"),
			Vehicles: t.integer("vehicles"), Site: t.str("site")}
		for k, s := range t.list("skills") {
			so := d.element(s, indexPath(t.field("skills"), k), skillKeys)
			if so == nil {
				continue
			}
			team.Skills = append(team.Skills, crew.Skill{Kind: so.kind("kind"), Role: so.role("role")})
		}
		for k, h := range t.list("homes") {
			ho := d.element(h, indexPath(t.field("homes"), k), homeKeys)
			if ho == nil {
				continue
			}
			ho.require("zone", "count")
			team.Homes = append(team.Homes, crew.Home{Zone: ho.str("zone"), Count: ho.integer("count")})
		}
		if sh := t.sub("shift", shiftKeys); sh != nil {
			sh.require("start", "hours")
			team.Shift = crew.Shift{Start: sh.num("start"), Hours: sh.num("hours")}
		}
		cfg.Teams = append(cfg.Teams, team)
	}
	for i, it := range o.list("absences") {
		a := d.element(it, indexPath("crew.absences", i), absenceKeys)
		if a == nil {
			continue
		}
		a.require("share")
		cfg.Absences = append(cfg.Absences, crew.Absence{Team: a.str("team"), Share: a.num("share"), From: a.num("from"), To: a.num("to")})
	}
	for i, it := range o.list("travel") {
		t := d.element(it, indexPath("crew.travel", i), travelKeys)
		if t == nil {
			continue
		}
		t.require("from", "to", "hours")
		cfg.Travel = append(cfg.Travel, crew.TravelTime{From: t.str("from"), To: t.str("to"), Hours: t.num("hours")})
	}
	for i, it := range o.list("entry") {
		e := d.element(it, indexPath("crew.entry", i), entryKeys)
		if e == nil {
			continue
		}
		e.require("level")
		cfg.Entry = append(cfg.Entry, crew.EntryRule{Level: e.level("level"), Forbidden: e.boolean("forbidden"), Delay: e.num("delay_hours")})
	}
	if len(d.errs) > nErr {
		return nil // crew.New would only repeat what is wrong
	}
	r, err := crew.New(cfg)
	if err != nil {
		for _, p := range crew.Problems(err) {
			field := crewField(p)
			d.errs = append(d.errs, &Error{File: d.file, Line: d.lineFor(field, o.line), Field: field, Msg: p.Msg, Err: p})
		}
		if len(crew.Problems(err)) == 0 {
			d.errs = append(d.errs, &Error{File: d.file, Line: o.line, Field: "crew", Msg: strings.TrimPrefix(err.Error(), "crew: "), Err: err})
		}
		return nil
	}
	return r
}

// crewField turns the element and field of a crew problem into the path of
// the field in the file.
func crewField(p *crew.FieldError) string {
	field := p.Field
	switch field {
	case "start_hour":
	case "default_travel":
		field = "default_travel_hours"
	case "same_zone_travel":
		field = "same_zone_travel_hours"
	case "delay":
		field = "delay_hours"
	}
	list := map[string]string{"team": "teams", "absence": "absences", "travel": "travel", "entry": "entry"}[p.Element]
	if list == "" || p.Index < 0 {
		return joinPath("crew", field)
	}
	return joinPath(fmt.Sprintf("crew.%s[%d]", list, p.Index), field)
}

// lineFor returns the line of the field at path, or of its closest
// enclosing element that was read, or def.
func (d *decoder) lineFor(path string, def int) int {
	for p := path; p != ""; {
		if l, ok := d.lines[p]; ok && l > 0 {
			return l
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return def
}
