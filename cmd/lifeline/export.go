package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply"
	"github.com/lifeline-sim/lifeline/supply/dimacs"
)

const exportExample = `  lifeline export -dimacs testdata/city/network.yaml > city.max
  lifeline export -dimacs -out sub-north,tie testdata/city/network.yaml > city-out.max
  lifeline solve -dimacs city.max`

// runExport writes a network in a state to stdout in an exchange format;
// for now the DIMACS max-flow format.
func runExport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export", "-dimacs PATH",
		"Writes the network in one state to standard output as a DIMACS maximum-flow\n"+
			"instance (p max N M), the flow graph Lifeline's allocation solves: a super\n"+
			"source (vertex 1) feeding every source and storage, every consumer in service\n"+
			"feeding a super sink (vertex 2), stations split into in and out vertices,\n"+
			"two-way links as two arcs, assets out of service left out. Capacities are\n"+
			"flows × 1000 rounded to integers (the file says so in a \"c factor 1000\"\n"+
			"comment), so any max-flow code computes the served supply × 1000.\n"+
			"PATH is a network document (.json, .yaml), a MATPOWER case (.m), an EPANET\n"+
			"file (.inp) or a folder with nodes.csv and links.csv.",
		exportExample, stderr)
	asDimacs := fs.Bool("dimacs", false, "write a DIMACS max-flow instance (the only format; required)")
	kindName := fs.String("kind", "power", "utility kind of a CSV folder: power, heat, water or gas")
	outs := fs.String("out", "", "comma-separated IDs of nodes or links to take out of service")
	if err := parse(fs, args); err != nil {
		return err
	}
	if !*asDimacs {
		fs.Usage()
		return badInput(fmt.Errorf("choose a format: -dimacs"))
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return badInput(fmt.Errorf("want exactly one PATH, got %d arguments", fs.NArg()))
	}
	kind, err := network.ParseKind(*kindName)
	if err != nil {
		return badInput(err)
	}
	kindSet := false
	fs.Visit(func(f *flag.Flag) { kindSet = kindSet || f.Name == "kind" })
	net, err := loadNetwork(fs.Arg(0), kind, kindSet)
	if err != nil {
		return err
	}
	st := supply.NewState(net)
	if *outs != "" {
		for id := range strings.SplitSeq(*outs, ",") {
			if err := st.SetOut(strings.TrimSpace(id), true); err != nil {
				return badInput(fmt.Errorf("-out: %w", err))
			}
		}
	}
	return dimacs.Write(stdout, net, st)
}

const solveDimacsExample = `  lifeline export -dimacs testdata/city/network.yaml > city.max
  lifeline solve -dimacs city.max`

// solveWantsDimacs reports whether the arguments of "lifeline solve" ask for
// a DIMACS instance (-dimacs FILE), which runSolveDimacs handles.
func solveWantsDimacs(args []string) bool {
	for _, a := range args {
		switch {
		case a == "--":
			return false
		case a == "-dimacs" || a == "--dimacs" || strings.HasPrefix(a, "-dimacs=") || strings.HasPrefix(a, "--dimacs="):
			return true
		}
	}
	return false
}

// runSolveDimacs is "lifeline solve -dimacs FILE": it reads a DIMACS
// maximum-flow instance and prints the maximum-flow value alone on the
// first line, then the time to read and to solve (the solve alone, as
// peers are timed), and, if the file gives a factor, the value divided by
// it.
func runSolveDimacs(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("solve", "-dimacs FILE",
		"Reads a DIMACS maximum-flow instance (p max N M; as written by\n"+
			"\"lifeline export -dimacs\" or any other tool) and solves it with Lifeline's\n"+
			"max-flow code (Dinic's algorithm, on the graph as given). The first line of\n"+
			"the output is the maximum-flow value alone; later lines give the time to\n"+
			"read the file and to solve, in seconds, and the value divided by the file's\n"+
			"\"c factor F\" comment if it has one. FILE \"-\" reads standard input.",
		solveDimacsExample, stderr)
	file := fs.String("dimacs", "", "DIMACS max-flow file to solve (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *file == "" || fs.NArg() != 0 {
		fs.Usage()
		return badInput(fmt.Errorf("want -dimacs FILE and no other arguments"))
	}
	t0 := time.Now()
	in, err := readDimacsFile(*file)
	if err != nil {
		return err
	}
	t1 := time.Now()
	v, err := in.MaxFlow()
	t2 := time.Now()
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	fmt.Fprintln(w, strconv.FormatFloat(v, 'f', -1, 64))
	fmt.Fprintf(w, "read %.6f s (%d vertices, %d arcs)\n", t1.Sub(t0).Seconds(), in.N, len(in.Arcs))
	fmt.Fprintf(w, "solve %.6f s\n", t2.Sub(t1).Seconds())
	if in.Factor > 0 {
		fmt.Fprintf(w, "flow / factor %s = %s\n", strconv.FormatFloat(in.Factor, 'f', -1, 64), strconv.FormatFloat(v/in.Factor, 'f', -1, 64))
	}
	return w.Flush()
}

// readDimacsFile reads a DIMACS file, or standard input for "-"; problems
// come back marked as bad input.
func readDimacsFile(path string) (*dimacs.Instance, error) {
	var r io.Reader = os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, badInput(err)
		}
		defer f.Close()
		r = f
	}
	in, err := dimacs.Read(r, path)
	if err != nil {
		return nil, badInput(err)
	}
	return in, nil
}
