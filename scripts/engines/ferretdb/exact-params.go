// Sign'Stash patch to FerretDB v1.24.2 (built by scripts/engines/ferretdb.engine.ts): added to internal/backends.

package backends

import "github.com/FerretDB/FerretDB/internal/types"

// ExactParams asks the backend to serve a whole query itself: the filter (all of it, not the pushed-down
// part in QueryParams.Filter), then the sort, skip and limit, or only the count of matching documents.
//
// A backend that cannot do it exactly leaves QueryResult.Exact false and answers QueryParams as usual;
// the handler then filters, sorts, skips, limits and counts in Go as before.
type ExactParams struct {
	Filter *types.Document
	Sort   *types.Document
	Skip   int64
	Limit  int64
	Count  bool
}
