package main

import "errors"

// asOfFlag is --as-of: a date, or today (UTC) when the flag is left out. Given
// empty it is refused (exit 2): an empty date is a script's unset variable,
// and a verdict for a day nobody chose must not pass as the one asked for.
type asOfFlag string

func (a *asOfFlag) Set(s string) error {
	if s == "" {
		return errors.New("the date is empty: give a date YYYY-MM-DD, or leave --as-of out for today (UTC)")
	}
	*a = asOfFlag(s)
	return nil
}

func (a *asOfFlag) String() string { return string(*a) }

func (a *asOfFlag) Type() string { return "date" }
