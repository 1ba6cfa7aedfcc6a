// Package netfile reads a network from whichever file a planner has: a
// Lifeline network document (.json, .yaml, .yml), a folder of nodes.csv and
// links.csv, an EPANET input file (.inp, a water network) or a MATPOWER
// case (.m, a power network). Commands and scenario files use it wherever a
// network file is expected.
package netfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/csv"
	"github.com/lifeline-sim/lifeline/network/epanet"
	"github.com/lifeline-sim/lifeline/network/matpower"
)

// ErrKindNeeded is returned for a CSV folder read without a kind.
var ErrKindNeeded = errors.New("netfile: a folder of CSV files needs a network kind")

// Load reads the network at path, choosing the reader by what path is: a
// folder is read with csv.ReadDir as a network of the given kind (which is
// then required); a file ending in .inp with epanet.ReadFile (default
// options) and one ending in .m with matpower.ReadFile, both mapped to a
// network; any other file with network.ReadFile. kind is otherwise not
// checked: compare Network.Kind yourself. Errors keep the readers' file
// and line information.
func Load(path string, kind network.Kind) (*network.Network, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		if kind == "" {
			return nil, fmt.Errorf("%s: %w", path, ErrKindNeeded)
		}
		return csv.ReadDir(path, kind)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".inp":
		m, err := epanet.ReadFile(path, epanet.Options{})
		if err != nil {
			return nil, err
		}
		return m.Network, nil
	case ".m":
		c, err := matpower.ReadFile(path)
		if err != nil {
			return nil, err
		}
		return c.Network()
	}
	return network.ReadFile(path)
}
