// Sign'Stash patch to FerretDB v1.24.2 (built by scripts/engines/ferretdb.engine.ts): added to
// internal/backends/postgresql; the exact query's WHERE (see exact_query.go).
//
// A MongoDB filter as SQL: fields equal to a value ($eq), ranges ($gt, $gte, $lt, $lte), $in of scalars and
// a $regex without options that is a literal text (a substring test);
// anything else is not served (FerretDB's own path answers).

package postgresql

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

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
