package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Files the report writes into its folder besides the charts and maps.
const (
	JSONFile     = "report.json"
	TimelineFile = "timeline.csv"
	HTMLFile     = "report.html"
)

// WriteDir writes the whole report into dir (created if missing) and
// returns the names of the files written, relative to dir, in order:
//
//	report.json            the document (WriteJSON)
//	timeline.csv           the timelines (WriteTimelineCSV)
//	risk.csv               the risk over time of a study (WriteRiskCSV)
//	<chart>.png, .svg      every chart (Charts), PNG and SVG
//	<network>.geojson      per network with coordinates (WriteGeoJSON)
//	report.html            the page (WriteHTML), with the charts inline
//
// A document read back from report.json with ReadJSON writes the same
// files again, byte for byte. Files already in dir with other names are
// left alone. It returns the files written so far and an error if doc is
// nil, a chart cannot be drawn or a file cannot be written.
func WriteDir(dir string, doc *Document) ([]string, error) {
	if doc == nil {
		return nil, errors.New("report: nil document")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	var files []string
	write := func(name string, fn func(io.Writer) error) error {
		var buf bytes.Buffer
		if err := fn(&buf); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		files = append(files, name)
		return nil
	}
	if err := write(JSONFile, func(w io.Writer) error { return WriteJSON(w, doc) }); err != nil {
		return files, err
	}
	if err := write(TimelineFile, func(w io.Writer) error { return WriteTimelineCSV(w, doc) }); err != nil {
		return files, err
	}
	if doc.Risk != nil && doc.Risk.Timeline != nil {
		if err := write(RiskFile, func(w io.Writer) error { return WriteRiskCSV(w, doc) }); err != nil {
			return files, err
		}
	}
	charts, err := Charts(doc)
	if err != nil {
		return files, err
	}
	svgs, err := chartSVGs(charts)
	if err != nil {
		return files, err
	}
	for _, c := range charts {
		if err := write(c.Name+".png", func(w io.Writer) error { return Render(w, c.Plot, "png") }); err != nil {
			return files, err
		}
		if err := write(c.Name+".svg", func(w io.Writer) error { _, err := w.Write(svgs[c.Name]); return err }); err != nil {
			return files, err
		}
	}
	used := map[string]bool{}
	for _, n := range doc.Networks {
		if n.Map == nil {
			continue
		}
		name := safeName(n.ID)
		for i := 2; used[name]; i++ {
			name = fmt.Sprintf("%s-%d", safeName(n.ID), i)
		}
		used[name] = true
		if err := write(name+".geojson", func(w io.Writer) error { return WriteGeoJSON(w, doc, n.ID) }); err != nil {
			return files, err
		}
	}
	if err := write(HTMLFile, func(w io.Writer) error { return writeHTML(w, doc, charts, svgs) }); err != nil {
		return files, err
	}
	return files, nil
}
