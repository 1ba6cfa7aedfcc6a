// Package csv reads and writes a network as two CSV tables, nodes.csv and
// links.csv, the shape in which GIS tools and spreadsheets export asset
// registers. Each table has a header row; columns may come in any order;
// recognized columns fill the fields of network.Node and network.Link, and
// any other column is kept in the element's Attrs. Zones are declared by
// their use in nodes.csv, and consumers are ranked in the default classes
// (network.DefaultClasses). The format is described field by field in
// docs/network-format.md.
//
// Every problem is reported as a *network.FieldError giving the file, the
// line, the element ID and the column, all problems of both files together.
package csv
