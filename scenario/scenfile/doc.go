// Package scenfile reads scenario files: one YAML document that names the
// networks of a scenario (network documents, CSV folders or networks written
// inline), its crews and its events, and decodes it into a
// scenario.Scenario.
//
// Every problem is reported with the file, the line and the field, as
// "city.yaml:14: outages[0].at: not a number "noon"", and all the problems
// that can be found are reported at once. Unknown keys are errors, so that a
// typo cannot silently fall back to a default. The decoded scenario is
// validated with scenario.Compile before it is returned, and the problems
// Compile finds are placed on the lines they come from too. No input makes
// a decoder panic.
//
// Series of demand, capacity and outdoor temperature may be given as lists
// in the file or read from CSV tables as SCADA, AMI and weather exports
// write them (ReadTable: ISO 8601 timestamps with offsets at any regular
// step), aligned to the scenario's start; fault models may come from
// reliability tables as an asset register exports them
// (ReadReliability).
//
// The format is described field by field in docs/scenario-format.md.
package scenfile
