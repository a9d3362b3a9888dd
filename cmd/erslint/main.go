// Command erslint lints NHS e-Referral Service onboarding manifests.
package main

import (
	"errors"
	"fmt"
	"os"
)

func main() {
	os.Exit(execute(os.Args[1:]))
}

// execute runs the command line and returns the exit status: 0 clean, 1 findings
// at or above the fail level, 2 erslint could not do its job.
func execute(args []string) int {
	cmd := newRootCommand()
	cmd.SetArgs(args)
	err := cmd.Execute()
	if err == nil {
		return 0
	}
	var exit *exitError
	if errors.As(err, &exit) {
		return exit.code
	}
	fmt.Fprintf(os.Stderr, "erslint: %v\n", err)
	return 2
}

// exitStatusHelp is the exit status table of --help (README.md's Exit status).
const exitStatusHelp = `Exit status:
  0  no finding at or above the fail level (default: error)
  1  at least one finding at or above the fail level
  2  erslint could not do its job: bad flag, unreadable path, no manifest found,
     a custom policy that does not compile, a broken configuration file`

// exitError ends the run with a status and no message (the report said it all).
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }
