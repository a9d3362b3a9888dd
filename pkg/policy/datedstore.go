package policy

import (
	"context"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage"
)

// The look-ahead evaluates the dated rules on many days with one query
// prepared once: the day is carried by the transaction each evaluation reads
// the store with (datedTxn), and datedStore answers data.erslint.config.asOf
// from it. Setting the date with `with` instead costs each evaluation about
// as much again (OPA then caches nothing the date could reach, constants
// included), and a query prepared per day costs a look-ahead over thousands
// of days more than its evaluations.

// asOfPath is where the rules read the assessment date (asOfRef).
var asOfPath = storage.Path{"erslint", "config", "asOf"}

// datedStore is a store that reads data.erslint.config.asOf from the
// transaction, when it is a datedTxn; everything else from the store it wraps.
type datedStore struct {
	storage.Store
}

// datedTxn is a transaction of the wrapped store that reads the data as of
// another assessment date.
type datedTxn struct {
	storage.Transaction
	asOf string
}

func (s datedStore) Read(ctx context.Context, txn storage.Transaction, path storage.Path) (any, error) {
	dt, ok := txn.(*datedTxn)
	if !ok {
		return s.Store.Read(ctx, txn, path)
	}
	switch {
	case path.HasPrefix(asOfPath):
		if len(path) > len(asOfPath) {
			return nil, notFound(path) // in a string
		}
		return ast.String(dt.asOf), nil
	case asOfPath.HasPrefix(path):
		// data, data.erslint or data.erslint.config: the date set in a copy
		// of what the store holds there.
		v, err := s.Store.Read(ctx, dt.Transaction, path)
		if err != nil {
			return nil, err
		}
		value, err := ast.InterfaceToValue(v)
		if err != nil {
			return nil, err
		}
		return withAsOf(value, asOfPath[len(path):], dt.asOf), nil
	}
	return s.Store.Read(ctx, dt.Transaction, path)
}

// withAsOf is v with the string asOf at rest (below v), objects on the way
// copied: v may be the store's own.
func withAsOf(v ast.Value, rest storage.Path, asOf string) ast.Value {
	if len(rest) == 0 {
		return ast.String(asOf)
	}
	obj, ok := v.(ast.Object)
	if !ok {
		return v // not an object: no date below it to set (ConfigData always has one)
	}
	out := ast.NewObject()
	obj.Foreach(func(k, e *ast.Term) { out.Insert(k, e) })
	key := ast.StringTerm(rest[0])
	var below ast.Value = ast.NewObject()
	if e := obj.Get(key); e != nil {
		below = e.Value
	}
	out.Insert(key, ast.NewTerm(withAsOf(below, rest[1:], asOf)))
	return out
}
