// Sign'Stash patch to FerretDB v1.24.2 (built by scripts/engines/ferretdb.engine.ts): added to
// internal/backends/postgresql; the exact query's fields and order (see exact_query.go).
//
// A field's SQL forms and which of its types compare in SQL as in MongoDB; the ORDER BY in MongoDB's order
// across types; the check that every field read held only such types.

package postgresql

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/FerretDB/FerretDB/internal/backends/postgresql/metadata"
	"github.com/FerretDB/FerretDB/internal/types"
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
