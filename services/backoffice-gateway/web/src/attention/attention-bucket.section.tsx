import { Link } from 'react-router';
import type { AttentionBucketKey, AttentionRow } from '../api/api-types';
import { AccessBadge, TimeLeftText } from '../ui/badges';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/feedback';
import { formatDayOrInstant, plural } from '../ui/format';
import { columnHelper } from '../ui/table-features';

export const bucketTitles: Record<AttentionBucketKey, string> = {
  expired: 'CA access expired',
  within7: 'Expiring within 7 days',
  within30: 'Expiring in 8 to 30 days',
  within90: 'Expiring in 31 to 90 days',
};

const renewHref = (id: string) => `/certificates/${encodeURIComponent(id)}?renew=1#access-title`;

const helper = columnHelper<AttentionRow>();
const columns = (expired: boolean) =>
  helper.columns([
    helper.accessor('alias', {
      header: 'Alias',
      cell: (info) => (
        <Link to={`/certificates/${encodeURIComponent(info.row.original.id)}`} className="strong">
          {info.getValue()}
        </Link>
      ),
    }),
    helper.accessor('accessExpiresAt', {
      header: expired ? 'Access expired on' : 'Access expires on',
      meta: { className: 'nowrap' },
      cell: (info) => formatDayOrInstant(info.getValue()),
    }),
    helper.display({
      id: 'left',
      header: expired ? 'CA access' : 'Time left',
      cell: (info) =>
        expired ? (
          <AccessBadge state="expired" expiresAt={info.row.original.accessExpiresAt} />
        ) : (
          <TimeLeftText state={info.row.original.accessState} expiresAt={info.row.original.accessExpiresAt} />
        ),
    }),
    ...(expired
      ? [
          helper.accessor('suspendedClientServices', {
            header: 'Client services suspended',
            meta: { className: 'numeric' },
          }),
        ]
      : []),
    helper.display({
      id: 'renew',
      header: 'Action',
      meta: { className: 'actions' },
      cell: (info) => (
        <Link
          to={renewHref(info.row.original.id)}
          className="button button-secondary button-small"
          aria-label={`Renew CA access of ${info.row.original.alias}`}
        >
          Renew CA access
        </Link>
      ),
    }),
  ]);

/** One bucket of the dashboard: its count, its first rows, each one click from the renewal. */
export function AttentionBucketSection({
  bucket,
  listHref,
}: {
  bucket: { key: AttentionBucketKey; total: number; items: AttentionRow[] };
  listHref: string;
}) {
  const titleId = `attention-${bucket.key}`;
  return (
    <section className="card" aria-labelledby={titleId} data-bucket={bucket.key}>
      <div className="card-header">
        <h2 id={titleId}>
          {bucketTitles[bucket.key]} <span className="bucket-count">({bucket.total})</span>
        </h2>
      </div>
      {bucket.total === 0 ? (
        <EmptyState>
          <p>No certificate.</p>
        </EmptyState>
      ) : (
        <>
          <DataTable
            caption={bucketTitles[bucket.key]}
            columns={columns(bucket.key === 'expired')}
            data={bucket.items}
            getRowId={(row) => row.id}
          />
          {bucket.total > bucket.items.length && (
            <p className="hint">
              The first {bucket.items.length} of {plural(bucket.total, 'certificate', 'certificates')}, soonest first.{' '}
              <Link to={listHref}>See them all in the list</Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}
