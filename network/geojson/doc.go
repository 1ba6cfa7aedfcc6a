// Package geojson writes a network, and optionally the supply it receives,
// as an RFC 7946 GeoJSON FeatureCollection for QGIS and web maps, and reads
// such a collection back into a network. Every node with a coordinate is a
// Point feature and every link whose two ends have coordinates a LineString
// feature; their properties hold the element's fields (and, with a
// supply.Result, what it is served or carries), so a map can be styled by
// role, class, coverage or loading. Coordinates are written as the network
// holds them: longitude and latitude in degrees, as RFC 7946 expects, or
// projected metres, whose system Options.CRS can name for QGIS. The
// properties and the way to load the file in QGIS are described in
// docs/geojson.md.
package geojson
