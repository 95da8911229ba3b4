import type { ReactTable, RowData } from '@tanstack/react-table';
import type { Features, Paging } from './table-features';

/** Page numbers around the current page, with gaps shown as an ellipsis. */
export function pageWindow(current: number, count: number): Array<number | 'gap'> {
  const pages = new Set([1, count, current - 1, current, current + 1].filter((p) => p >= 1 && p <= count));
  const sorted = [...pages].sort((a, b) => a - b);
  const result: Array<number | 'gap'> = [];
  sorted.forEach((page, i) => {
    if (i > 0 && page - sorted[i - 1] > 1) result.push('gap');
    result.push(page);
  });
  return result;
}

export function Pagination<T extends RowData>({
  table,
  paging,
}: {
  table: ReactTable<Features, T, any>;
  paging: Paging;
}) {
  const count = Math.max(table.getPageCount(), 1);
  const current = paging.page;
  const first = paging.total === 0 ? 0 : (current - 1) * paging.pageSize + 1;
  const last = Math.min(current * paging.pageSize, paging.total);
  const [one, many] = paging.itemName;

  return (
    <div className="pagination-bar">
      <p className="pagination-summary" aria-live="polite">
        {paging.total === 0
          ? `No ${many}`
          : `Showing ${first}–${last} of ${paging.total} ${paging.total === 1 ? one : many}`}
      </p>
      {count > 1 && (
        <nav aria-label="Pagination">
          <ul className="pagination">
            <li>
              <button
                type="button"
                className="page-button"
                onClick={() => table.previousPage()}
                disabled={!table.getCanPreviousPage()}
              >
                <span aria-hidden="true">‹ </span>Previous
              </button>
            </li>
            {pageWindow(current, count).map((page, i) =>
              page === 'gap' ? (
                <li key={`gap-${i}`} className="page-gap" aria-hidden="true">
                  …
                </li>
              ) : (
                <li key={page}>
                  <button
                    type="button"
                    className="page-button"
                    aria-current={page === current ? 'page' : undefined}
                    aria-label={`Page ${page}`}
                    onClick={() => table.setPageIndex(page - 1)}
                  >
                    {page}
                  </button>
                </li>
              ),
            )}
            <li>
              <button
                type="button"
                className="page-button"
                onClick={() => table.nextPage()}
                disabled={!table.getCanNextPage()}
              >
                Next<span aria-hidden="true"> ›</span>
              </button>
            </li>
          </ul>
        </nav>
      )}
    </div>
  );
}
