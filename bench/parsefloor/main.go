// Command parsefloor is the benchmark's floor: it does only what any linter of
// these files must do — walk the paths for *.yaml and *.yml, read each file and
// parse it with yaml.v3 into node trees — with the same parallelism as erslint
// (one worker per CPU unless -jobs says otherwise), and nothing else.
//
//	go run ./bench/parsefloor [-jobs N] PATH...
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"go.yaml.in/yaml/v3"
)

func main() {
	jobs := flag.Int("jobs", runtime.NumCPU(), "files parsed at once")
	flag.Parse()
	files, err := collect(flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "parsefloor:", err)
		os.Exit(2)
	}
	var docs, failed atomic.Int64
	next := make(chan string)
	var wg sync.WaitGroup
	for range max(1, min(*jobs, len(files))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for path := range next {
				n, err := parse(path)
				docs.Add(int64(n))
				if err != nil {
					failed.Add(1)
				}
			}
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	// Printed so that the work cannot be optimised away and the run can be checked.
	fmt.Printf("%d files, %d documents, %d not parsed\n", len(files), docs.Load(), failed.Load())
}

func collect(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			ext := strings.ToLower(filepath.Ext(path))
			if !d.IsDir() && (ext == ".yaml" || ext == ".yml") {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// parse decodes every document of one file into a yaml.Node tree, as erslint does.
func parse(path string) (int, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for n := 0; ; n++ {
		var node yaml.Node
		if err := dec.Decode(&node); err != nil {
			if errors.Is(err, io.EOF) {
				return n, nil
			}
			return n, err
		}
	}
}
