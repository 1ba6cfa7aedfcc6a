package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/geojson"
)

// mapNetwork decodes the network of a map.
func (m *Map) network(id string) (*network.Network, error) {
	net, err := network.DecodeJSON(bytes.NewReader(m.Network), id+" (report map)")
	if err != nil {
		return nil, fmt.Errorf("report: map of network %q: %w", id, err)
	}
	return net, nil
}

// WriteGeoJSON writes the map of network id as an RFC 7946 GeoJSON
// FeatureCollection (see package network/geojson and docs/geojson.md):
// every node with a coordinate and every link between two, with the
// element's own properties followed by the figures of the run:
//
//	nodes: served_worst (flow unit), coverage_worst, loading_worst,
//	       served, coverage, loading, loading_peak
//	links: flow_worst (flow unit), loading_worst, flow, loading, loading_peak
//
// "worst" is the mean over the network's worst timeline bucket
// (Network.Worst), the others over the whole run, "peak" the largest at
// any instant. served and coverage apply to consumers, loading to
// sources, storage and stations (output or throughput over capacity) and
// to links (|flow| over capacity); a figure that does not apply, or an
// unlimited capacity, is null. It returns an error if doc is nil, has no
// such network, or the network has no map (no coordinates, or the run was
// not traced), and if w fails.
func WriteGeoJSON(w io.Writer, doc *Document, id string) error {
	if doc == nil {
		return errors.New("report: nil document")
	}
	for i := range doc.Networks {
		n := &doc.Networks[i]
		if n.ID != id {
			continue
		}
		if n.Map == nil {
			return fmt.Errorf("report: network %q has no map (no node has coordinates, or the run was not traced)", id)
		}
		net, err := n.Map.network(id)
		if err != nil {
			return err
		}
		vals := &geojson.Values{}
		for _, c := range n.Map.Nodes {
			vals.Nodes = append(vals.Nodes, geojson.Column{Name: c.Name, Values: c.Values})
		}
		for _, c := range n.Map.Links {
			vals.Links = append(vals.Links, geojson.Column{Name: c.Name, Values: c.Values})
		}
		if err := geojson.Write(w, net, vals, geojson.Options{}); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		return nil
	}
	return fmt.Errorf("report: the document has no network %q", id)
}
