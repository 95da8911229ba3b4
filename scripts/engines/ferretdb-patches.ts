import type { SourcePatch } from './go-build';

/** FerretDB v1.24.2's source edits kept since the engine was first provisioned (each says why). */
export const FERRETDB_PATCHES: SourcePatch[] = [
  {
    file: 'internal/backends/sqlite/collection.go',
    find: 'if params.Filter.Len() == 1 {',
    replace: 'if params.Filter.Len() >= 1 {',
    times: 2,
    why:
      'push `_id` equality down to SQL also when the filter has other keys (our revision-guarded ' +
      'updates `{_id, revision: {$lt: n}}`); every handler re-applies the whole filter to what ' +
      'the backend returns, so this only narrows the scan to one row',
  },
  {
    file: 'internal/handler/msg_update.go',
    find: `		closer := iterator.NewMultiCloser()
		defer closer.Close()

		closer.Add(res.Iter)

		iter := common.FilterIterator(res.Iter, closer, u.Filter)

		if !u.Multi {
			iter = common.LimitIterator(iter, closer, 1)
		}

		result, err := common.UpdateDocument(ctx, c, "update", iter, &u)
`,
    replace: `		closer := iterator.NewMultiCloser()

		closer.Add(res.Iter)

		iter := common.FilterIterator(res.Iter, closer, u.Filter)

		if !u.Multi {
			iter = common.LimitIterator(iter, closer, 1)
		}

		result, err := common.UpdateDocument(ctx, c, "update", iter, &u)
		closer.Close()
`,
    times: 1,
    why:
      "close each update statement's query when the statement is done, not when the whole command ends: " +
      'every open query holds a backend pool connection, so an update command (or bulkWrite) with as many ' +
      'statements as the pool has connections (PostgreSQL: 50, SQLite: about 100) wedged the server',
  },
  {
    file: 'internal/backends/postgresql/query.go',
    find: '\t// Select if value under the key is equal to provided value.\n\tsql := `%[1]s%[2]s%[3]s @> %[4]s`\n',
    replace:
      '\t// Select if value under the key is equal to provided value.\n\tsql := `%[1]s%[2]s%[3]s @> %[4]s`\n' +
      '\tif k == "_id" {\n\t\tsql = `%[1]s%[2]s%[3]s = %[4]s`\n\t}\n',
    times: 1,
    why:
      'push `_id` equality down as `=`, which the unique `_id_` btree index serves, instead of `@>` (containment, ' +
      'for fields that may hold arrays), which it cannot: an `_id` is never an array, so the two select the same rows',
  },
  {
    file: 'internal/backends/postgresql/query.go',
    find: '\t\t\t\tcase "$ne":\n',
    replace:
      '\t\t\t\tcase "$in":\n\t\t\t\t\t// Any of the elements: pushed down as one equality per element, when every element is a scalar\n\t\t\t\t\t// that equality pushes down (the handler still applies the whole filter to what comes back).\n\t\t\t\t\tarr, ok := v.(*types.Array)\n\t\t\t\t\tif !ok || arr.Len() == 0 {\n\t\t\t\t\t\tcontinue\n\t\t\t\t\t}\n\t\t\t\t\tpushable := true\n\t\t\t\t\tfor i := 0; i < arr.Len(); i++ {\n\t\t\t\t\t\tswitch must.NotFail(arr.Get(i)).(type) {\n\t\t\t\t\t\tcase float64, string, types.ObjectID, bool, time.Time, int32, int64:\n\t\t\t\t\t\tdefault:\n\t\t\t\t\t\t\tpushable = false\n\t\t\t\t\t\t}\n\t\t\t\t\t}\n\t\t\t\t\tif !pushable {\n\t\t\t\t\t\tcontinue\n\t\t\t\t\t}\n\t\t\t\t\tors := make([]string, 0, arr.Len())\n\t\t\t\t\tfor i := 0; i < arr.Len(); i++ {\n\t\t\t\t\t\tf, a := filterEqual(p, key, must.NotFail(arr.Get(i)), keyOperator)\n\t\t\t\t\t\tors = append(ors, f)\n\t\t\t\t\t\targs = append(args, a...)\n\t\t\t\t\t}\n\t\t\t\t\tfilters = append(filters, "("+strings.Join(ors, " OR ")+")")\n\n' +
      '\t\t\t\tcase "$ne":\n',
    times: 1,
    why:
      'push `$in` of scalars down as an OR of the equalities above (served by the same indexes, a bitmap OR): ' +
      'unpatched, `$in` was filtered in FerretDB over the whole collection, so the batched lookups of the ' +
      'notification service (`{certificateId: {$in: [...]}}`, `{_id: {$in: [...]}}`) read every document',
  },
  {
    file: 'internal/backends/postgresql/metadata/registry.go',
    find: '\t\tq += "INDEX %s ON %s (%s)"\n',
    replace: '\t\tq += "INDEX %s ON %s "\n\t\tif !index.Unique {\n\t\t\tq += "USING gin "\n\t\t}\n\t\tq += "(%s)"\n',
    times: 1,
    why:
      'create non-unique indexes as GIN `jsonb_path_ops` indexes: the PostgreSQL backend pushes only top-level ' +
      'equality down, as `_jsonb->f @> v`, which a btree on `(_jsonb->f)` cannot serve and a GIN index can; ' +
      'sorts and ranges are never pushed down, so the btree served no query at all',
  },
  {
    file: 'internal/backends/postgresql/metadata/registry.go',
    find: '\t\t\tif key.Descending {\n\t\t\t\tcolumns[i] += " DESC"\n\t\t\t}\n',
    replace:
      '\t\t\tif !index.Unique {\n\t\t\t\tcolumns[i] += " jsonb_path_ops"\n\t\t\t} else if key.Descending {\n\t\t\t\tcolumns[i] += " DESC"\n\t\t\t}\n',
    times: 1,
    why: 'the operator class of those GIN index columns (a GIN column has no direction)',
  },
  {
    file: 'internal/backends/sqlite/metadata/metadata.go',
    find: `IDColumn = DefaultColumn + "->'$._id'"`,
    replace: `IDColumn = DefaultColumn + "->\\"_id\\""`,
    times: 1,
    why:
      'write `_id` lookups exactly as the unique `_id_` index is declared (`_ferretdb_sjson->"_id"`): ' +
      "SQLite uses an expression index only for the same expression, and `->'$._id'` (same value) is not",
  },
];
