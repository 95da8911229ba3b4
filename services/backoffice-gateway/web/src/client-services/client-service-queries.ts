import { useQuery } from '@tanstack/react-query';
import { api } from '../api/api';

/** Whether the issuer has a certificate at all: a client service signs with one (the picker finds which). */
export function useAnyCertificate() {
  return useQuery({
    queryKey: ['certificates', 'any'],
    queryFn: () => api.listCertificates({ sort: 'alias', order: 'asc', page: 1, pageSize: 1 }),
    staleTime: 60_000,
  });
}
