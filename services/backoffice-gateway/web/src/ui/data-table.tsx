import { useId, useRef } from 'react';
import {
  functionalUpdate,
  useTable,
  type ColumnDef,
  type PaginationState,
  type RowData,
  type SortingState,
} from '@tanstack/react-table';
import { Pagination } from './pagination';
import { features, type Features, type Paging } from './table-features';

interface DataTableProps<T extends RowData> {
  caption: string;
  columns: Array<ColumnDef<Features, T, any>>;
  data: T[];
  getRowId: (row: T) => string;
  sorting?: SortingState;
  onSortingChange?: (sorting: SortingState) => void;
  paging?: Paging;
  busy?: boolean;
}

export function DataTable<T extends RowData>({
  caption,
  columns,
  data,
  getRowId,
  sorting,
  onSortingChange,
  paging,
  busy,
}: DataTableProps<T>) {
  const sortId = useId();
  const block = useRef<HTMLDivElement>(null);
  const region = useRef<HTMLDivElement>(null);
  // Another page opens at its top, as a new page would: its first rows in view, the table focused.
  const changePage = (page: number) => {
    paging?.onPageChange(page);
    block.current?.scrollIntoView({ block: 'start' });
    region.current?.focus({ preventScroll: true });
  };
  const pagination: PaginationState = { pageIndex: (paging?.page ?? 1) - 1, pageSize: paging?.pageSize ?? data.length };
  const table = useTable({
    features,
    columns,
    data,
    getRowId: (row) => getRowId(row),
    manualSorting: true,
    manualPagination: true,
    enableSorting: Boolean(onSortingChange),
    enableSortingRemoval: false,
    enableMultiSort: false,
    rowCount: paging?.total ?? data.length,
    state: { sorting: sorting ?? [], pagination },
    onSortingChange: (updater) => onSortingChange?.(functionalUpdate(updater, sorting ?? [])),
    onPaginationChange: (updater) => changePage(functionalUpdate(updater, pagination).pageIndex + 1),
  });

  const sortable = onSortingChange ? table.getAllLeafColumns().filter((column) => column.getCanSort()) : [];
  const current = sorting?.[0];

  return (
    <div className="table-block" ref={block}>
      {sortable.length > 0 && (
        // Narrow screens hide the header row, so sorting gets its own control there.
        <div className="sort-bar narrow-only">
          <label htmlFor={`${sortId}-sort`}>Sort by</label>
          <select
            id={`${sortId}-sort`}
            value={current ? `${current.id}:${current.desc ? 'desc' : 'asc'}` : ''}
            onChange={(event) => {
              const [id, direction] = event.target.value.split(':');
              onSortingChange?.([{ id, desc: direction === 'desc' }]);
            }}
          >
            {sortable.flatMap((column) => {
              const label = typeof column.columnDef.header === 'string' ? column.columnDef.header : column.id;
              return [
                <option key={`${column.id}:asc`} value={`${column.id}:asc`}>{`${label}, ascending`}</option>,
                <option key={`${column.id}:desc`} value={`${column.id}:desc`}>{`${label}, descending`}</option>,
              ];
            })}
          </select>
        </div>
      )}
      <div className="table-scroll" tabIndex={0} role="region" aria-label={caption} ref={region}>
        {/* Explicit roles keep the table semantics when narrow screens restyle rows as stacked cards. */}
        <table className="data-table" role="table" aria-busy={busy || undefined}>
          <caption className="visually-hidden">{caption}</caption>
          <thead role="rowgroup">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id} role="row">
                {group.headers.map((header) => {
                  const column = header.column;
                  const sorted = column.getIsSorted();
                  const ariaSort = sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined;
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      role="columnheader"
                      aria-sort={ariaSort}
                      className={column.columnDef.meta?.className}
                    >
                      {column.getCanSort() ? (
                        <button type="button" className="sort-button" onClick={column.getToggleSortingHandler()}>
                          <table.FlexRender header={header} />
                          <span className="sort-indicator" aria-hidden="true">
                            {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                          </span>
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody role="rowgroup">
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} role="row">
                {row.getAllCells().map((cell) => (
                  <td
                    key={cell.id}
                    role="cell"
                    className={cell.column.columnDef.meta?.className}
                    data-label={
                      typeof cell.column.columnDef.header === 'string' ? cell.column.columnDef.header : undefined
                    }
                  >
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {paging && <Pagination table={table} paging={paging} />}
    </div>
  );
}
