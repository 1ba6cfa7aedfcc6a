// Package matpower reads MATPOWER case files (.m, case format version 2),
// the common exchange format of transmission-network test cases such as the
// IEEE 14-, 118- and 300-bus systems, maps a case to a Lifeline power
// network (Case.Network), and solves its DC power flow as MATPOWER does
// (Case.DCPowerFlow), with a helper to screen branch outages for overloads
// (Case.Overloads). The mapping and the model are described in
// docs/importers-matpower.md.
//
// MATPOWER works in MW, MVAr, MVA and per unit on the case's baseMVA; the
// network Case.Network builds is in kW. Read reports every problem of a
// file at once, each a *network.FieldError with the file and line. A Case is
// plain data: safe for concurrent reads, not for concurrent changes.
package matpower
