package policy

import (
	"context"
	"testing"

	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
)

// The store answers at once for what it cannot hold, and reads the rest.
func TestConfigStoreReadsOnlyWhatItHolds(t *testing.T) {
	ctx := context.Background()
	s := configStore{inmem.NewFromObject(map[string]any{"erslint": map[string]any{
		"config": map[string]any{"asOf": "2026-11-24"}, "refdata": map[string]any{"format": "f"}}})}
	txn, err := s.NewTransaction(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort(ctx, txn)
	for _, tc := range []struct {
		path  storage.Path
		found bool
	}{
		{storage.Path{}, true},
		{storage.Path{"erslint"}, true},
		{storage.Path{"erslint", "config", "asOf"}, true},
		{storage.Path{"erslint", "refdata", "format"}, true},
		{storage.Path{"erslint", "config", "other"}, false},
		{storage.Path{"erslint", "rules", "contract"}, false},
		{storage.Path{"erslint", "rules"}, false},
		{storage.Path{"system", "bundles"}, false},
	} {
		v, err := s.Read(ctx, txn, tc.path)
		if tc.found && (err != nil || v == nil) {
			t.Errorf("%v: %v, %v; want its value", tc.path, v, err)
		}
		if !tc.found && !storage.IsNotFound(err) {
			t.Errorf("%v: %v, %v; want not found", tc.path, v, err)
		}
	}
}
