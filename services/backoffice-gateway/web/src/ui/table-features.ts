import {
  createColumnHelper,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
  type RowData,
} from '@tanstack/react-table';

// Sorting and paging happen on the server: the table only keeps their state and renders.
export const features = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
  columnMeta: {} as { className?: string },
});
export type Features = typeof features;

export function columnHelper<T extends RowData>() {
  return createColumnHelper<Features, T>();
}

export interface Paging {
  page: number;
  pageSize: number;
  total: number;
  onPageChange: (page: number) => void;
  itemName: [one: string, many: string];
}
