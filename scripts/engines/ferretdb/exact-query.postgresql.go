// Sign'Stash patch to FerretDB v1.24.2 (built by scripts/engines/ferretdb.engine.ts): added to
// internal/backends/postgresql.
//
// Serves backends.ExactParams in PostgreSQL: the whole filter, sort, skip and limit (or a count) in one
// statement, instead of FerretDB reading every document the pushed-down equality selects and sorting,
// skipping, limiting and counting them in Go.
//
// Exactness: SQL compares JSON values, MongoDB compares BSON values (numbers across int/long/double,
// type brackets for ranges, arrays matching by any element, a fixed order across types). So the SQL
// below is exact only for fields holding the plain scalar types listed in plainTypes (or missing). For
// other types it is a superset (the handler re-applies the filter anyway), and every statement also
// computes over all the documents the WHERE keeps whether each filtered and sorted field of each one is
// plain. If any one is not (an array, an object, a double beyond ±2^53, …), the answer is thrown away
// and FerretDB's own path answers instead, so mixed-type data gets MongoDB's answer, only slower.

package postgresql

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/backends/postgresql/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/iterator"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
)

// queryExact answers params.Exact in one statement, or gives false for FerretDB's own path to answer.
func (c *collection) queryExact(ctx context.Context, p *pgxpool.Pool, meta *metadata.Collection, params *backends.QueryParams) (*backends.QueryResult, bool, error) { //nolint:lll // for readability
	e := params.Exact
	if e == nil || meta.Capped() || params.OnlyRecordIDs {
		return nil, false, nil
	}

	var placeholder metadata.Placeholder

	q := &exactQuery{p: &placeholder, seen: map[string]bool{}}

	if e.Filter != nil && !q.filter(e.Filter) {
		return nil, false, nil
	}

	var orderBy string

	if !e.Count && e.Sort.Len() > 0 {
		var ok bool
		if orderBy, ok = q.orderBy(e.Sort); !ok {
			return nil, false, nil
		}
	}

	table := pgx.Identifier{c.dbName, meta.TableName}.Sanitize()

	var where string
	if len(q.where) > 0 {
		where = " WHERE " + strings.Join(q.where, " AND ")
	}

	plain := q.plain()
	countSQL := fmt.Sprintf("SELECT count(*), coalesce(bool_and(%s), true) FROM %s%s", plain, table, where)

	if !e.Count {
		sql := fmt.Sprintf("SELECT %s, bool_and(%s) OVER () FROM %s%s%s", metadata.DefaultColumn, plain, table, where, orderBy)
		args := q.args

		if e.Skip > 0 {
			sql += " OFFSET " + placeholder.Next()
			args = append(args, e.Skip)
		}

		if e.Limit > 0 {
			sql += " LIMIT " + placeholder.Next()
			args = append(args, e.Limit)
		}

		docs, exact, err := queryExactDocuments(ctx, p, sql, args)
		if err != nil || !exact {
			return nil, false, err
		}

		// With rows, each one carries the verdict over all candidates; with none, ask for it.
		if len(docs) > 0 {
			return &backends.QueryResult{Iter: iterator.Values(iterator.ForSlice(docs)), Exact: true}, true, nil
		}
	}

	var n int64
	var exact bool

	if err := p.QueryRow(ctx, countSQL, q.args...).Scan(&n, &exact); err != nil {
		return nil, false, lazyerrors.Error(err)
	}

	if !exact {
		return nil, false, nil
	}

	return &backends.QueryResult{
		Iter:  iterator.Values(iterator.ForSlice([]*types.Document{})),
		Exact: true,
		Count: n,
	}, true, nil
}

func queryExactDocuments(ctx context.Context, p *pgxpool.Pool, sql string, args []any) ([]*types.Document, bool, error) {
	rows, err := p.Query(ctx, sql, args...)
	if err != nil {
		return nil, false, lazyerrors.Error(err)
	}
	defer rows.Close()

	var docs []*types.Document

	for rows.Next() {
		var b []byte
		var exact bool

		if err = rows.Scan(&b, &exact); err != nil {
			return nil, false, lazyerrors.Error(err)
		}

		if !exact {
			return nil, false, nil
		}

		doc, err := sjson.Unmarshal(b)
		if err != nil {
			return nil, false, lazyerrors.Error(err)
		}

		docs = append(docs, doc)
	}

	if err = rows.Err(); err != nil {
		return nil, false, lazyerrors.Error(err)
	}

	return docs, true, nil
}
