/** A page of a list, as every list of the services' APIs answers it. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
