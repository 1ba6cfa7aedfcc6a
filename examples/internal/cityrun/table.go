package cityrun

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Table writes rows under a header, indented by two spaces (the padding
// of the right-aligned first column), the first column aligned left and
// the others right. Every row has at least one cell.
func Table(w io.Writer, header []string, rows [][]string) error {
	width := len([]rune(header[0]))
	for _, r := range rows {
		width = max(width, len([]rune(r[0])))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, r := range append([][]string{header}, rows...) {
		fmt.Fprintf(tw, "%s%s\t", r[0], strings.Repeat(" ", width-len([]rune(r[0]))))
		for _, c := range r[1:] {
			fmt.Fprintf(tw, "%s\t", c)
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}
