package policy

import (
	"context"
	"strconv"
	"sync"

	"github.com/erslint/erslint/pkg/refdata"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage"
)

// refStore is the run's data store with the reference data (spec §8) at
// data.erslint.refdata. The register is 250,000 organisations: as OPA values
// they would take several times the memory of refdata's compact form and a
// second to convert, while a run looks up a few codes per document. So an
// organisation becomes an OPA value when a rule reads it
// (data.erslint.refdata.organisations[code]); a read above it (a custom rule
// iterating over every organisation) converts the whole document, once.
type refStore struct {
	storage.Store // the configuration (data.erslint.config)
	data          *refdata.Document

	once sync.Once
	all  ast.Value
}

var refdataPath = storage.Path{"erslint", "refdata"}

// withRefData returns store with data added at data.erslint.refdata; store
// itself when data is nil.
func withRefData(store storage.Store, data *refdata.Document) storage.Store {
	if data == nil {
		return store
	}
	return &refStore{Store: store, data: data}
}

func (s *refStore) Read(ctx context.Context, txn storage.Transaction, path storage.Path) (any, error) {
	switch {
	case len(path) >= 4 && path.HasPrefix(refdataPath) && path[2] == "organisations":
		o, ok := s.data.Organisations[path[3]]
		if !ok {
			return nil, notFound(path)
		}
		return find(organisationValue(o), path, 4)
	case len(path) >= 3 && path.HasPrefix(refdataPath) && path[2] != "organisations":
		// format, source, extracted, covers: without the organisations.
		return find(s.head(), path, 2)
	case path.HasPrefix(refdataPath):
		return find(s.whole(), path, 2)
	case refdataPath.HasPrefix(path):
		// data or data.erslint: the configuration and the reference data.
		v, err := s.Store.Read(ctx, txn, path)
		if err != nil {
			return nil, err
		}
		value, err := ast.InterfaceToValue(v)
		if err != nil {
			return nil, err
		}
		obj, ok := value.(ast.Object)
		if !ok {
			return value, nil
		}
		if len(path) == 0 {
			erslint, _ := obj.Get(ast.InternedTerm("erslint")).Value.(ast.Object)
			if erslint == nil {
				erslint = ast.NewObject()
			}
			erslint.Insert(ast.InternedTerm("refdata"), ast.NewTerm(s.whole()))
			return obj, nil
		}
		obj.Insert(ast.InternedTerm("refdata"), ast.NewTerm(s.whole()))
		return obj, nil
	}
	return s.Store.Read(ctx, txn, path)
}

// find reads path[from:] in v: keys of objects, indexes of arrays.
func find(v ast.Value, path storage.Path, from int) (ast.Value, error) {
	for _, key := range path[from:] {
		var next *ast.Term
		switch x := v.(type) {
		case ast.Object:
			next = x.Get(ast.StringTerm(key))
		case *ast.Array:
			if i, err := strconv.Atoi(key); err == nil && i >= 0 && i < x.Len() {
				next = x.Elem(i)
			}
		}
		if next == nil {
			return nil, notFound(path)
		}
		v = next.Value
	}
	return v, nil
}

// head is the reference data without its organisations.
func (s *refStore) head() ast.Value {
	return ast.NewObject(
		ast.Item(ast.InternedTerm("format"), ast.StringTerm(s.data.Format)),
		ast.Item(ast.InternedTerm("source"), ast.StringTerm(s.data.Source)),
		ast.Item(ast.InternedTerm("extracted"), ast.StringTerm(s.data.Extracted)),
		ast.Item(ast.InternedTerm("covers"), stringsTerm(s.data.Covers)),
	)
}

// whole is the reference data as one OPA value.
func (s *refStore) whole() ast.Value {
	s.once.Do(func() {
		orgs := ast.NewObject()
		for code, o := range s.data.Organisations {
			orgs.Insert(ast.StringTerm(code), ast.NewTerm(organisationValue(o)))
		}
		all := s.head().(ast.Object)
		all.Insert(ast.InternedTerm("organisations"), ast.NewTerm(orgs))
		s.all = all
	})
	return s.all
}

// organisationValue is o as in the document, null for what is not known.
func organisationValue(o *refdata.Organisation) ast.Object {
	return ast.NewObject(
		ast.Item(ast.InternedTerm("name"), ast.StringTerm(o.Name)),
		ast.Item(ast.InternedTerm("roles"), stringsTerm(o.Roles)),
		ast.Item(ast.InternedTerm("primaryRole"), nullable(o.PrimaryRole)),
		ast.Item(ast.InternedTerm("opened"), nullable(o.Opened)),
		ast.Item(ast.InternedTerm("closed"), nullable(o.Closed)),
		ast.Item(ast.InternedTerm("successor"), nullable(o.Successor)),
	)
}

func nullable(s string) *ast.Term {
	if s == "" {
		return ast.NullTerm()
	}
	return ast.StringTerm(s)
}

func stringsTerm(ss []string) *ast.Term {
	terms := make([]*ast.Term, len(ss))
	for i, s := range ss {
		terms[i] = ast.StringTerm(s)
	}
	return ast.ArrayTerm(terms...)
}

func notFound(path storage.Path) error {
	return &storage.Error{Code: storage.NotFoundErr, Message: path.String() + ": document does not exist"}
}
