package policy

import (
	"context"

	"github.com/open-policy-agent/opa/v1/storage"
)

// configStore is the Engine's store, which holds data.erslint.config and,
// when given, data.erslint.refdata: nothing else is ever there. OPA reads the
// store at every package it passes on the way to the rules
// (data.erslint.rules.<area>, each rule's deny, ...), to merge what the store
// holds there with what the rules give: about twenty reads a document, each a
// walk of the data and a path made for it. Those are answered at once.
type configStore struct {
	storage.Store
}

// absent is the answer for a path the store does not hold; OPA only asks
// storage.IsNotFound of it.
var absent = &storage.Error{Code: storage.NotFoundErr, Message: "document does not exist"}

func (s configStore) Read(ctx context.Context, txn storage.Transaction, path storage.Path) (any, error) {
	if len(path) > 0 && path[0] != "erslint" || len(path) > 1 && path[1] != "config" && path[1] != "refdata" {
		return nil, absent
	}
	return s.Store.Read(ctx, txn, path)
}
