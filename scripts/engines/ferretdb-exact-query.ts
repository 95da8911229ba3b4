import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourcePatch } from './go-build';

/**
 * FerretDB's "exact query" patch: a find's sort, skip and limit and countDocuments' count served by
 * PostgreSQL when the whole filter can be written exactly in SQL (equality, ranges, `$in`, literal
 * `$regex` on top-level fields holding plain scalars), with FerretDB's own path as the fallback for
 * anything else, mixed-type data included. Unpatched, FerretDB 1.24 reads every document the pushed-down
 * equality selects and sorts, limits and counts them in Go. The Go sources are in ./ferretdb/; the
 * engine's spec (ferretdb-exact-query.int.spec.ts) checks the answers against MongoDB's rules.
 */
const source = (name: string) => readFileSync(join(__dirname, 'ferretdb', name), 'utf8');

export const EXACT_QUERY_FILES: Record<string, string> = {
  'internal/backends/exact_params.go': source('exact-params.go'),
  'internal/backends/postgresql/exact_query.go': source('exact-query.postgresql.go'),
  'internal/backends/postgresql/exact_filter.go': source('exact-filter.postgresql.go'),
  'internal/backends/postgresql/exact_fields.go': source('exact-fields.postgresql.go'),
  'internal/handler/exact_count.go': source('exact-count.handler.go'),
};

const why = 'the exact query patch (scripts/engines/ferretdb-exact-query.ts)';

export const EXACT_QUERY_PATCHES: SourcePatch[] = [
  {
    file: 'internal/backends/collection.go',
    find: '\tOnlyRecordIDs bool\n\tComment       string\n}\n',
    replace: '\tOnlyRecordIDs bool\n\tComment       string\n\n\tExact *ExactParams\n}\n',
    times: 1,
    why: `${why}: what the handler asks the backend to serve whole`,
  },
  {
    file: 'internal/backends/collection.go',
    find: 'type QueryResult struct {\n\tIter types.DocumentsIterator\n}\n',
    replace:
      'type QueryResult struct {\n\tIter types.DocumentsIterator\n\n' +
      '\t// Exact: the backend served QueryParams.Exact (Iter holds the final documents, or Count the count).\n' +
      '\tExact bool\n\tCount int64\n}\n',
    times: 1,
    why: `${why}: whether the backend served it`,
  },
  {
    file: 'internal/backends/postgresql/collection.go',
    find: '\tq := prepareSelectClause(&selectParams{\n\t\tSchema:        c.dbName,\n\t\tTable:         meta.TableName,\n\t\tComment:       params.Comment,\n\t\tCapped:        meta.Capped(),\n\t\tOnlyRecordIDs: params.OnlyRecordIDs,\n',
    replace:
      '\tif res, ok, err := c.queryExact(ctx, p, meta, params); err != nil || ok {\n\t\treturn res, err\n\t}\n\n' +
      '\tq := prepareSelectClause(&selectParams{\n\t\tSchema:        c.dbName,\n\t\tTable:         meta.TableName,\n\t\tComment:       params.Comment,\n\t\tCapped:        meta.Capped(),\n\t\tOnlyRecordIDs: params.OnlyRecordIDs,\n',
    times: 1,
    why: `${why}: try the exact statement first`,
  },
  {
    file: 'internal/handler/msg_find.go',
    find: '\t\tqp.Limit = params.Limit\n\t}\n',
    replace:
      '\t\tqp.Limit = params.Limit\n\t}\n\n' +
      '\tif !h.DisablePushdown && !params.Tailable && !cInfo.Capped() && (params.Sort.Len() > 0 || params.Skip > 0 || params.Limit > 0) {\n' +
      '\t\tqp.Exact = &backends.ExactParams{Filter: params.Filter, Sort: params.Sort, Skip: params.Skip, Limit: params.Limit}\n\t}\n',
    times: 1,
    why: `${why}: a find with a sort, skip or limit asks for it`,
  },
  {
    file: 'internal/handler/msg_find.go',
    find: '\titer, err := h.makeFindIter(queryRes.Iter, closer, params)\n',
    replace:
      '\titerParams := params\n\tif queryRes.Exact {\n\t\tserved := *params\n' +
      '\t\tserved.Sort, served.Skip, served.Limit = must.NotFail(types.NewDocument()), 0, 0\n\t\titerParams = &served\n\t}\n\n' +
      '\titer, err := h.makeFindIter(queryRes.Iter, closer, iterParams)\n',
    times: 1,
    why: `${why}: what the backend served is not sorted, skipped or limited again (the filter still is, harmlessly)`,
  },
  {
    file: 'internal/handler/msg_aggregate.go',
    find: '\t\titer, err = processStagesDocuments(ctx, closer, &stagesDocumentsParams{c, qp, stagesDocuments})\n',
    replace:
      '\t\titer, err = h.exactCountOrStages(ctx, closer, aggregationStages, cInfo.Capped(), &stagesDocumentsParams{c, qp, stagesDocuments})\n',
    times: 1,
    why: `${why}: countDocuments' pipeline counted by the backend`,
  },
];
