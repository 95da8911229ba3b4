import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api/api';
import type { CertificateDetails, Revisioned } from '../../api/api-types';
import { useServerForm, type ServerFormOptions } from '../../ui/server-form';

export const certificateKey = (id: string) => ['certificate', id] as const;
const clientServicesKey = (id: string) => ['certificate', id, 'client-services'] as const;

export function useCertificate(id: string) {
  return useQuery({ queryKey: certificateKey(id), queryFn: () => api.getCertificate(id) });
}

export function useCertificateHistory(id: string) {
  return useQuery({ queryKey: [...certificateKey(id), 'history'], queryFn: () => api.getCertificateHistory(id) });
}

export function useCertificateClientServices(id: string) {
  return useQuery({ queryKey: clientServicesKey(id), queryFn: () => api.getCertificateClientServices(id) });
}

export function useCertificateNotifications(id: string) {
  return useQuery({
    queryKey: [...certificateKey(id), 'notifications'],
    queryFn: () => api.getCertificateNotifications(id),
  });
}

/** After any change, the certificate, its history and the list it appears in are stale. */
export async function refreshCertificate(queryClient: QueryClient, id: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: certificateKey(id) }),
    queryClient.invalidateQueries({ queryKey: ['certificates'] }),
  ]);
}

const PROJECTED_WAIT_MS = 5_000;

/**
 * The details as of at least the revision a command answered: the read model follows the event store
 * by a moment, and details fetched before it would still show the old state (right after a renewal, the
 * old expiry's "expiring soon" banner). After a few seconds the latest details are kept whatever they say.
 */
async function fetchProjected(queryClient: QueryClient, id: string, revision: number): Promise<void> {
  const deadline = Date.now() + PROJECTED_WAIT_MS;
  for (;;) {
    const details = await api.getCertificate(id);
    if (details.revision >= revision || Date.now() > deadline) {
      queryClient.setQueryData(certificateKey(id), details);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What an inline form on the details page is given: the certificate as read, and where to go once saved or cancelled. */
export interface CertificateFormProps {
  certificate: CertificateDetails;
  onDone: (message: string) => void;
  onCancel: () => void;
}

/** A form that changes the certificate: fetched again after the change, and on request after a conflict. */
export function useCertificateForm<K extends string, TVars = void>(
  id: string,
  options: Omit<ServerFormOptions<K, Revisioned, TVars>, 'reload'>,
) {
  const queryClient = useQueryClient();
  const refresh = () => refreshCertificate(queryClient, id);
  return useServerForm({
    ...options,
    reload: refresh,
    onSuccess: async (data) => {
      await fetchProjected(queryClient, id, data.revision).catch(() => undefined);
      await refresh();
      await options.onSuccess(data);
    },
  });
}

/** The client services still suspended because the access had expired. */
export async function countSuspendedByExpiry(queryClient: QueryClient, id: string): Promise<number> {
  const services = await queryClient.fetchQuery({
    queryKey: clientServicesKey(id),
    queryFn: () => api.getCertificateClientServices(id),
    staleTime: 0,
  });
  return services.items.filter((s) => s.status === 'SUSPENDED' && s.suspendedByExpiry).length;
}

export function useReactivateClientServices(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.reactivateClientServices(id),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: clientServicesKey(id) }),
        queryClient.invalidateQueries({ queryKey: ['client-services'] }),
        queryClient.invalidateQueries({ queryKey: [...certificateKey(id), 'history'] }),
      ]),
  });
}
