import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { DataTable } from './data-table';
import { EmptyState, ErrorState, Loading } from './feedback';
import { formatDateTime } from './format';
import { columnHelper, type Features } from './table-features';

interface ListCardProps<T extends { id: string }> {
  titleId: string;
  title: string;
  /** What is listed, as the loading and error lines say it: "the history". */
  what: string;
  list: UseQueryResult<{ items: T[] }>;
  /** Said when the list is empty. */
  empty: ReactNode;
  caption: string;
  columns: Array<ColumnDef<Features, T, any>>;
}

/** A card holding one list a page loads: while it loads, if it fails (with a retry), when empty, or its table. */
export function ListCard<T extends { id: string }>({
  titleId,
  title,
  what,
  list,
  empty,
  caption,
  columns,
}: ListCardProps<T>) {
  return (
    <section className="card" aria-labelledby={titleId}>
      <div className="card-header">
        <h2 id={titleId}>{title}</h2>
      </div>
      {list.isPending ? (
        <Loading label={`Loading ${what}…`} />
      ) : list.isError ? (
        <ErrorState what={what} error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState>
          <p>{empty}</p>
        </EmptyState>
      ) : (
        <DataTable caption={caption} columns={columns} data={list.data.items} getRowId={(row) => row.id} />
      )}
    </section>
  );
}

/** The first two columns of a history: when, and who (an operator's name, or Sign'Stash itself). */
export function whenAndWhoColumns<T extends { at: string; by: string; byName?: string }>() {
  const helper = columnHelper<T>();
  return [
    helper.accessor((entry) => entry.at, {
      id: 'at',
      header: 'When',
      meta: { className: 'nowrap' },
      cell: (info) => <time dateTime={info.getValue()}>{formatDateTime(info.getValue())}</time>,
    }),
    helper.accessor((entry) => entry.byName ?? (entry.by === 'system' ? "Sign'Stash (automatic)" : entry.by), {
      id: 'by',
      header: 'Who',
    }),
  ];
}
