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

// Under the list's key: a live change or a status change that refreshes the list refreshes these too.
export const clientServiceKey = (id: string) => ['client-services', 'detail', id] as const;

export function useClientService(id: string) {
  return useQuery({ queryKey: clientServiceKey(id), queryFn: () => api.getClientService(id) });
}

export function useClientServiceHistory(id: string) {
  return useQuery({ queryKey: [...clientServiceKey(id), 'history'], queryFn: () => api.getClientServiceHistory(id) });
}
