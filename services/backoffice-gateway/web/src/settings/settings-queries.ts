import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/api';
import type { Settings } from '../api/api-types';

export const SETTINGS_KEY = ['settings'];

export const useSettings = () => useQuery({ queryKey: SETTINGS_KEY, queryFn: api.getSettings });

/** A saved change answers with the settings as they are now: the page shows them without another read. */
export function useSettingsSaved() {
  const queryClient = useQueryClient();
  return (settings: Settings) => queryClient.setQueryData(SETTINGS_KEY, settings);
}

/** A test e-mail's delivery state, read again every second until the mail server took it or it failed. */
export const useTestMail = (id: string | undefined) =>
  useQuery({
    queryKey: ['test-mail', id],
    queryFn: () => api.getTestMail(id!),
    enabled: id !== undefined,
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? 1000 : false),
  });
