// Sign'Stash patch to FerretDB v1.24.2 (built by scripts/engines/ferretdb.engine.ts): added to internal/handler.

package handler

import (
	"context"
	"math"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/iterator"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// exactCountPipeline recognises the pipeline the drivers' countDocuments sends,
// [{$match: filter}, {$group: {_id: <constant>, n: {$sum: 1}}}], and gives its parts.
func exactCountPipeline(stages []any) (filter *types.Document, id any, field string, ok bool) {
	if len(stages) != 2 {
		return
	}

	match, _ := stages[0].(*types.Document)
	group, _ := stages[1].(*types.Document)

	if match.Len() != 1 || group.Len() != 1 {
		return
	}

	filter, _ = must.NotFail(match.Get(match.Keys()[0])).(*types.Document)
	spec, _ := must.NotFail(group.Get(group.Keys()[0])).(*types.Document)

	if match.Keys()[0] != "$match" || group.Keys()[0] != "$group" || spec.Len() != 2 || spec.Keys()[0] != "_id" {
		return
	}

	switch v := must.NotFail(spec.Get("_id")).(type) {
	case int32, int64, float64, types.NullType:
		id = v
	default:
		return
	}

	field = spec.Keys()[1]
	acc, _ := must.NotFail(spec.Get(field)).(*types.Document)

	if strings.HasPrefix(field, "$") || acc.Len() != 1 || acc.Keys()[0] != "$sum" || must.NotFail(acc.Get("$sum")) != int32(1) {
		return
	}

	return filter, id, field, filter != nil
}

// exactCountOrStages answers countDocuments' pipeline with a count served by the backend when it can,
// else fetches the documents and runs the stages over them as processStagesDocuments does.
func (h *Handler) exactCountOrStages(ctx context.Context, closer *iterator.MultiCloser, stages []any, capped bool, p *stagesDocumentsParams) (types.DocumentsIterator, error) { //nolint:lll // for readability
	filter, id, field, ok := exactCountPipeline(stages)
	if !ok || h.DisablePushdown || capped {
		return processStagesDocuments(ctx, closer, p)
	}

	p.qp.Exact = &backends.ExactParams{Filter: filter, Count: true}

	queryRes, err := p.c.Query(ctx, p.qp)
	if err != nil {
		closer.Close()
		return nil, lazyerrors.Error(err)
	}

	closer.Add(queryRes.Iter)

	if queryRes.Exact {
		// What $group gives: one group whose sum of int32 ones is int32 until it overflows, none for no documents.
		docs := []*types.Document{}

		if queryRes.Count > 0 {
			var n any = queryRes.Count
			if queryRes.Count <= math.MaxInt32 {
				n = int32(queryRes.Count)
			}

			docs = append(docs, must.NotFail(types.NewDocument("_id", id, field, n)))
		}

		return iterator.Values(iterator.ForSlice(docs)), nil
	}

	iter := queryRes.Iter

	for _, s := range p.stages {
		if iter, err = s.Process(ctx, iter, closer); err != nil {
			return nil, err
		}
	}

	return iter, nil
}
