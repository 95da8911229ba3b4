import type { SourcePatch } from './go-build';

/**
 * FerretDB v1.24.2's update and findAndModify held their statement's query (one PostgreSQL pool connection)
 * open while writing the matched document in a transaction on a second one: as many concurrent updates as
 * the pool has connections (50) each held one and waited for another, forever (reproduced here with
 * `pool_max_conns=2` and ten concurrent `updateOne`s; goroutines parked in pgxpool's Acquire from
 * `UpdateAll`'s BeginTx and from `Query`). The patch reads the matched documents first, which releases the
 * query's connection, then writes: each statement holds one connection at a time.
 */
export const UPDATE_POOL_PATCH: SourcePatch = {
  file: 'internal/handler/common/update.go',
  find: '\tresult := new(UpdateResult)\n\n\tisFindAndModify := (strings.ToLower(cmd) == "findandmodify")\n',
  replace:
    '\tresult := new(UpdateResult)\n\n' +
    '\t// Read what the filter matched before writing: ConsumeValues closes the query, releasing its pool\n' +
    '\t// connection, so the write below never waits for a connection while this statement holds another.\n' +
    '\tmatched, err := iterator.ConsumeValues(iter)\n' +
    '\tif err != nil {\n\t\treturn nil, lazyerrors.Error(err)\n\t}\n\n' +
    '\titer = iterator.Values(iterator.ForSlice(matched))\n' +
    // FerretDB tracks every iterator and panics when one is collected unclosed.
    '\tdefer iter.Close()\n\n' +
    '\tisFindAndModify := (strings.ToLower(cmd) == "findandmodify")\n',
  times: 1,
  why:
    "release each update's query connection before its write (scripts/engines/ferretdb-update-pool.ts): as many " +
    'concurrent matched updates as the PostgreSQL pool has connections wedged the server',
};
