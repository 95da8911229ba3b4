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
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/backends/postgresql/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/iterator"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// plainTypes are the sjson type names whose SQL comparisons below agree with MongoDB's.
var plainTypes = []string{"string", "objectId", "date", "bool", "int", "long", "double", "null"}

var numericTypes = []string{"int", "long", "double"}

// when gives `WHEN 't' THEN result` for each type: a simple CASE reads the field's type once per row.
func when(names []string, result string) string {
	var b strings.Builder
	for _, t := range names {
		fmt.Fprintf(&b, " WHEN '%s' THEN %s", t, result)
	}

	return b.String()
}

// otherPlain: the plain types not in these.
func otherPlain(names []string) []string {
	var others []string

	for _, t := range plainTypes {
		if !slices.Contains(names, t) {
			others = append(others, t)
		}
	}

	return others
}

// maxExactDouble: within ±2^53 a double's shortest decimal form (how sjson stores it) compares with
// every integer and every other double as the double itself does.
const maxExactDouble = 1 << 53

var comparisons = map[string]string{"$gt": ">", "$gte": ">=", "$lt": "<", "$lte": "<="}

// exactQuery collects the WHERE pieces, their arguments and the fields they read.
type exactQuery struct {
	p      *metadata.Placeholder
	where  []string
	args   []any
	fields []string
	seen   map[string]bool
}

// field gives the SQL for a top-level field: its JSON value, its text, and its sjson type name (NULL when
// missing). Dotted paths, operators and empty names are not served.
func (q *exactQuery) field(key string) (value, text, typ string, ok bool) {
	if key == "" || strings.HasPrefix(key, "$") || strings.ContainsAny(key, ".\x00") {
		return "", "", "", false
	}

	if !q.seen[key] {
		q.seen[key] = true
		q.fields = append(q.fields, key)
	}

	lit := "'" + strings.ReplaceAll(key, "'", "''") + "'"

	return fmt.Sprintf("%s->%s", metadata.DefaultColumn, lit),
		fmt.Sprintf("(%s->>%s)", metadata.DefaultColumn, lit),
		fmt.Sprintf("(%s #>> ARRAY['$s','p',%s,'t'])", metadata.DefaultColumn, lit),
		true
}

func (q *exactQuery) arg(v any) string {
	q.args = append(q.args, v)
	return q.p.Next()
}

// kinds gives the sjson types a plain field must have to equal v, or false when v is not served.
func kinds(v any) ([]string, bool) {
	switch v := v.(type) {
	case string:
		return []string{"string"}, plainText(v)
	case types.ObjectID:
		return []string{"objectId"}, true
	case time.Time:
		return []string{"date"}, true
	case bool:
		return []string{"bool"}, true
	case int32, int64:
		return numericTypes, true
	case float64:
		return numericTypes, !math.IsNaN(v) && math.Abs(v) <= maxExactDouble
	default:
		return nil, false
	}
}

// equal: `@>` (served by the field's GIN index; for arrays it means "contains"), narrowed to the right
// types for plain fields.
func (q *exactQuery) equal(key string, v any) (string, bool) {
	value, _, typ, ok := q.field(key)
	k, kok := kinds(v)

	if !ok || !kok {
		return "", false
	}

	param := q.arg(string(must.NotFail(sjson.MarshalSingleValue(v))))

	// An _id is never an array: `=` is the same test there, and the unique _id_ btree index serves it.
	op := "@>"
	if key == "_id" {
		op = "="
	}

	return fmt.Sprintf(
		"(%s %s %s AND CASE %s%s%s ELSE true END)",
		value, op, param, typ, when(k, "true"), when(otherPlain(k), "false"),
	), true
}

// compare: a range within MongoDB's type bracket (a string bound matches strings only, and so on);
// strings in byte order, as MongoDB compares them without a collation.
func (q *exactQuery) compare(key, op string, v any) (string, bool) {
	_, text, typ, ok := q.field(key)
	if !ok {
		return "", false
	}

	var cmp string

	k, ok := kinds(v)

	switch v := v.(type) {
	case string:
		cmp = fmt.Sprintf(`%s COLLATE "C" %s CAST(%s AS text)`, text, op, q.arg(v))
	case time.Time:
		cmp = fmt.Sprintf(`%s::bigint %s CAST(%s AS text)::bigint`, text, op, q.arg(fmt.Sprint(v.UnixMilli())))
	case int32, int64, float64:
		cmp = fmt.Sprintf(`%s::numeric %s CAST(%s AS text)::numeric`,
			text, op, q.arg(string(must.NotFail(sjson.MarshalSingleValue(v)))))
	default:
		ok = false
	}

	if !ok {
		return "", false
	}

	return fmt.Sprintf("CASE %s%s%s ELSE %s IS NOT NULL END", typ, when(k, cmp), when(otherPlain(k), "false"), typ), true
}

// plainText: PostgreSQL text holds valid UTF-8 without NUL; other strings stay with FerretDB, never an error.
func plainText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// regexLiteral gives the text a pattern matches literally (only escaped punctuation), or false.
func regexLiteral(pattern string) (string, bool) {
	if !plainText(pattern) {
		return "", false
	}

	var b strings.Builder

	for i := 0; i < len(pattern); i++ {
		c := pattern[i]

		switch {
		case c == '\\':
			if i+1 == len(pattern) {
				return "", false
			}

			i++
			n := pattern[i]

			if n >= 0x80 || n <= ' ' || ('0' <= n && n <= '9') || ('a' <= n && n <= 'z') || ('A' <= n && n <= 'Z') {
				return "", false
			}

			b.WriteByte(n)
		case strings.IndexByte(`.*+?^${}()|[]`, c) >= 0:
			return "", false
		default:
			b.WriteByte(c)
		}
	}

	return b.String(), true
}

// regex: a pattern without options that is a literal is a substring test on strings.
func (q *exactQuery) regex(key, pattern, options string) (string, bool) {
	literal, ok := regexLiteral(pattern)
	_, text, typ, fok := q.field(key)

	if options != "" || !ok || !fok {
		return "", false
	}

	stringType := []string{"string"}
	found := fmt.Sprintf("strpos(%s, CAST(%s AS text)) > 0", text, q.arg(literal))

	return fmt.Sprintf("CASE %s%s%s ELSE %s IS NOT NULL END", typ, when(stringType, found), when(otherPlain(stringType), "false"), typ), true
}

func (q *exactQuery) in(key string, v any) (string, bool) {
	// Each element is a statement parameter: PostgreSQL takes at most 65,535.
	arr, ok := v.(*types.Array)
	if !ok || arr.Len() > 1000 {
		return "", false
	}

	if _, _, _, ok = q.field(key); !ok {
		return "", false
	}

	ors := []string{"false"}

	for i := 0; i < arr.Len(); i++ {
		piece, ok := q.equal(key, must.NotFail(arr.Get(i)))
		if !ok {
			return "", false
		}

		ors = append(ors, piece)
	}

	return "(" + strings.Join(ors, " OR ") + ")", true
}

func (q *exactQuery) operators(key string, ops *types.Document) bool {
	var pattern, options *string

	if ops.Len() == 0 {
		return false
	}

	iter := ops.Iterator()
	defer iter.Close()

	for {
		op, v, err := iter.Next()
		if err != nil {
			break
		}

		var piece string
		ok := true

		switch op {
		case "$eq":
			piece, ok = q.equal(key, v)
		case "$gt", "$gte", "$lt", "$lte":
			piece, ok = q.compare(key, comparisons[op], v)
		case "$in":
			piece, ok = q.in(key, v)
		case "$regex":
			switch v := v.(type) {
			case string:
				pattern = &v
			case types.Regex:
				if v.Options != "" || pattern != nil {
					return false
				}
				pattern = &v.Pattern
			default:
				return false
			}
		case "$options":
			s, isString := v.(string)
			if !isString || options != nil {
				return false
			}
			options = &s
		default:
			return false
		}

		if !ok {
			return false
		}

		if piece != "" {
			q.where = append(q.where, piece)
		}
	}

	if pattern == nil {
		return options == nil
	}

	opts := ""
	if options != nil {
		opts = *options
	}

	piece, ok := q.regex(key, *pattern, opts)
	if ok {
		q.where = append(q.where, piece)
	}

	return ok
}

func (q *exactQuery) filter(filter *types.Document) bool {
	iter := filter.Iterator()
	defer iter.Close()

	for {
		key, v, err := iter.Next()
		if err != nil {
			return true
		}

		if key == "$comment" {
			continue
		}

		switch v := v.(type) {
		case *types.Document:
			if !q.operators(key, v) {
				return false
			}
		case types.Regex:
			piece, ok := q.regex(key, v.Pattern, v.Options)
			if !ok {
				return false
			}
			q.where = append(q.where, piece)
		default:
			piece, ok := q.equal(key, v)
			if !ok {
				return false
			}
			q.where = append(q.where, piece)
		}
	}
}

// orderBy: MongoDB's order across types (null and missing, numbers, strings, ObjectIds, booleans, dates),
// then each type's own order.
func (q *exactQuery) orderBy(sort *types.Document) (string, bool) {
	var parts []string

	iter := sort.Iterator()
	defer iter.Close()

	for {
		key, v, err := iter.Next()
		if err != nil {
			break
		}

		_, text, typ, ok := q.field(key)
		if !ok {
			return "", false
		}

		var dir string

		switch v {
		case int64(1):
		case int64(-1):
			dir = " DESC"
		default:
			return "", false
		}

		// The type's rank, then numbers and dates as numbers, then strings, ObjectIds (lower-case hex) and
		// booleans ('false' < 'true') as bytes; within a rank only one of the two is set.
		parts = append(parts,
			fmt.Sprintf("CASE %s%s WHEN 'string' THEN 3 WHEN 'objectId' THEN 7 WHEN 'bool' THEN 8 WHEN 'date' THEN 9 ELSE 1 END%s",
				typ, when(numericTypes, "2"), dir),
			fmt.Sprintf("CASE %s%s END%s", typ, when(append([]string{"date"}, numericTypes...), text+"::numeric"), dir),
			fmt.Sprintf(`(CASE %s%s END) COLLATE "C"%s`, typ, when([]string{"string", "objectId", "bool"}, text), dir),
		)
	}

	if len(parts) == 0 {
		return "", true
	}

	return " ORDER BY " + strings.Join(parts, ", "), true
}

// plain: true when every field read is missing or of a plain type (a double within ±2^53).
func (q *exactQuery) plain() string {
	parts := []string{"true"}

	for _, key := range q.fields {
		_, text, typ, _ := q.field(key)
		parts = append(parts, fmt.Sprintf(
			"CASE %s WHEN 'double' THEN abs(%s::numeric) <= %d%s ELSE %s IS NULL END",
			typ, text, maxExactDouble, when(otherPlain([]string{"double"}), "true"), typ,
		))
	}

	return strings.Join(parts, " AND ")
}

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
