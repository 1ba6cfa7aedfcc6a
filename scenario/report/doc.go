// Package report turns the results of package scenario into what planners
// and downstream tools read: a plain-text report (WriteText), a versioned
// JSON document (WriteJSON, ReadJSON, Document), CSV timelines
// (WriteTimelineCSV) and charts drawn with gonum.org/v1/plot, as PNG or SVG
// (Charts and the *Chart functions). Comparisons of two variants
// (scenario.Compare) and crew sizings (scenario.SizeCrews) have their own
// text, JSON documents ("lifeline-compare", "lifeline-sizing") and charts:
// WriteComparisonText, WriteComparisonJSON, ComparisonCharts,
// WriteSizingText, WriteSizingJSON, SizingCharts.
//
// Every figure carries its unit. Energy or volume is in the network's
// quantity unit (kWh for power and heat, m³ for water and gas), flows in its
// flow unit (kW or m³/h), times in hours from the scenario start,
// temperatures in °C. Coverage and availability are fractions in JSON and
// CSV and percentages in the text report and charts. Money (value of lost
// load) is the decimal ledger total of package scenario, written as a
// decimal string in JSON, in the currency of the classes' values of lost
// load.
//
// Every output is deterministic: the same result and summary give the same
// bytes (PNG and SVG included), whatever the order of Go maps.
//
// Charts are 16 cm × 10 cm (Width × Height); PNG images are rendered at
// 127 dpi (DPI), 800 × 500 pixels (PixelWidth × PixelHeight).
//
// Classes and zones without consumers are left out of the text tables, the
// CSV columns and the charts; the JSON document lists every class and zone.
//
// The functions only read their arguments and keep no state: they are safe
// for concurrent use. The JSON document is described key by key, with
// units, in docs/report-schema.md, and by the JSON Schema
// docs/report-schema.json.
package report
