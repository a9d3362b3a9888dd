package main

import (
	"bufio"
	"io"
	"os"
)

// writeReport writes a report to path, or to standard output when path is
// "": as it is encoded, never built in memory first.
func writeReport(path string, write func(io.Writer) error) error {
	if path != "" {
		return writeFileWith(path, write)
	}
	bw := bufio.NewWriter(os.Stdout)
	if err := write(bw); err != nil {
		return err
	}
	return bw.Flush()
}
