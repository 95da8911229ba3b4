import { Link } from 'react-router';
import type { SortingState } from '@tanstack/react-table';
import type { CertificateSortField, CertificateSummary } from '../api/api-types';
import { AccessBadge, CertificateStatusBadge, TimeLeftText } from '../ui/badges';
import { DataTable } from '../ui/data-table';
import { columnHelper, type Paging } from '../ui/table-features';
import { formatDate } from '../ui/format';
import { EyeIcon } from '../ui/icons';

const helper = columnHelper<CertificateSummary>();
const detailsPath = (id: string) => `/certificates/${encodeURIComponent(id)}`;

const columns = helper.columns([
  helper.accessor('alias', {
    header: 'Alias',
    meta: { className: 'alias' },
    // The alias opens the details too: the way most lists work, besides the guide's eye icon.
    cell: (info) => (
      <Link to={detailsPath(info.row.original.id)} className="strong">
        {info.getValue()}
      </Link>
    ),
  }),
  helper.accessor('registeredAt', {
    header: 'Registration date',
    meta: { className: 'nowrap' },
    cell: (info) => formatDate(info.getValue()),
  }),
  helper.accessor('provider', { header: 'CA', enableSorting: false }),
  helper.accessor('accessExpiresAt', {
    header: 'Access expires',
    meta: { className: 'nowrap' },
    // Always the day, as the other date column: the time left beside it says how near it is.
    cell: (info) => formatDate(info.getValue()),
  }),
  helper.display({
    id: 'timeLeft',
    header: 'Time left',
    meta: { className: 'numeric' },
    cell: (info) => (
      <TimeLeftText state={info.row.original.accessState} expiresAt={info.row.original.accessExpiresAt} />
    ),
  }),
  helper.display({
    id: 'access',
    header: 'CA access',
    cell: (info) => <AccessBadge state={info.row.original.accessState} expiresAt={info.row.original.accessExpiresAt} />,
  }),
  helper.accessor('status', {
    header: 'Certificate status',
    enableSorting: false,
    cell: (info) => <CertificateStatusBadge status={info.getValue()} />,
  }),
  helper.display({
    id: 'actions',
    header: 'Actions',
    meta: { className: 'actions' },
    cell: (info) => (
      <Link
        to={detailsPath(info.row.original.id)}
        className="icon-button"
        aria-label={`View details of ${info.row.original.alias}`}
        title="View details"
      >
        <EyeIcon />
      </Link>
    ),
  }),
]);

export function CertificateTable({
  items,
  sort,
  order,
  onSort,
  paging,
  busy,
}: {
  items: CertificateSummary[];
  sort: CertificateSortField;
  order: 'asc' | 'desc';
  onSort: (sort: CertificateSortField, order: 'asc' | 'desc') => void;
  paging: Paging;
  busy: boolean;
}) {
  const sorting: SortingState = [{ id: sort, desc: order === 'desc' }];
  return (
    <DataTable
      caption="Registered certificates"
      columns={columns}
      data={items}
      getRowId={(row) => row.id}
      sorting={sorting}
      onSortingChange={(next) => {
        const first = next[0];
        if (first) onSort(first.id as CertificateSortField, first.desc ? 'desc' : 'asc');
      }}
      paging={paging}
      busy={busy}
    />
  );
}
