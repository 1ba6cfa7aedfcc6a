package main

import (
	"flag"
	"strings"
)

// interleave returns args with every flag first, so that flags may come
// after the positional arguments as well as before: "lifeline solve
// case9.m -json" is read as "lifeline solve -json case9.m". A flag that
// takes a value keeps the next argument with it (-out DIR), unless it is
// written -name=value or is a boolean flag. "--" ends the flags: what
// follows stays positional, as does a lone "-" (standard input). An
// unknown flag is moved too, so that parsing reports it.
func interleave(fs *flag.FlagSet, args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			continue
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		if i+1 >= len(args) {
			// A value is missing: parsing the flags alone reports it.
			return flags
		}
		i++
		flags = append(flags, args[i])
	}
	if len(rest) > 0 {
		flags = append(flags, "--")
	}
	return append(flags, rest...)
}
