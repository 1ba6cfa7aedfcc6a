package epanet

import "strings"

// The units in SI; the US customary ones by their exact definitions.
const (
	foot       = 0.3048             // m
	inch       = 0.0254             // m
	usGallon   = 3.785411784e-3     // m³
	impGallon  = 4.54609e-3         // m³
	cubicFoot  = foot * foot * foot // m³
	acreFoot   = 43560 * cubicFoot  // m³
	perSecond  = 3600.0             // per second → per hour
	perMinute  = 60.0               // per minute → per hour
	perDay     = 1.0 / 24           // per day → per hour
	million    = 1e6
	litre      = 1e-3 // m³
	millimetre = 1e-3 // m
	megalitre  = 1e3  // m³
)

// flowUnit is one EPANET flow unit: its factor to m³/h and whether the file
// then uses US customary units (feet, inches) or SI (metres, millimetres)
// for lengths, levels and diameters.
type flowUnit struct {
	name   string
	factor float64 // m³/h per unit
	us     bool
}

// flowUnits lists the flow units of EPANET 2.2 (and CMS, added by later
// versions), in the order of the manual.
var flowUnits = []flowUnit{
	{"CFS", cubicFoot * perSecond, true},
	{"GPM", usGallon * perMinute, true},
	{"MGD", million * usGallon * perDay, true},
	{"IMGD", million * impGallon * perDay, true},
	{"AFD", acreFoot * perDay, true},
	{"LPS", litre * perSecond, false},
	{"LPM", litre * perMinute, false},
	{"MLD", megalitre * perDay, false},
	{"CMH", 1, false},
	{"CMD", perDay, false},
	{"CMS", perSecond, false},
}

// lookupUnits returns the flow unit named s, case-insensitively.
func lookupUnits(s string) (flowUnit, bool) {
	for _, u := range flowUnits {
		if strings.EqualFold(u.name, s) {
			return u, true
		}
	}
	return flowUnit{}, false
}

// unitNames lists the flow unit names for error messages.
func unitNames() string {
	names := make([]string, len(flowUnits))
	for i, u := range flowUnits {
		names[i] = u.name
	}
	return strings.Join(names, ", ")
}

// FlowFactor returns the factor that converts a flow in the EPANET flow
// units named units (CFS, GPM, MGD, IMGD, AFD, LPS, LPM, MLD, CMH, CMD or
// CMS, in any case) to m³/h, and false for an unknown name. The factors
// follow from the exact definitions of the units: for example GPM
// (US gallons per minute) is 3.785411784 L × 60 / 1000 = 0.22712470704 m³/h
// and LPS is 3.6 m³/h.
func FlowFactor(units string) (float64, bool) {
	u, ok := lookupUnits(units)
	return u.factor, ok
}

// lengths returns the factors that convert lengths and levels (feet or
// metres) and pipe diameters (inches or millimetres) to metres.
func (u flowUnit) lengths() (length, diameter float64) {
	if u.us {
		return foot, inch
	}
	return 1, millimetre
}
