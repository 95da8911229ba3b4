import { useQuery } from '@tanstack/react-query';
import { api } from '../api/api';

// The certificate picker lists the issuer's certificates by alias; 100 covers an issuer's usual set.
export const CERTIFICATE_CHOICES = 100;

export function useCertificateChoices() {
  return useQuery({
    queryKey: ['certificates', 'choices'],
    queryFn: () => api.listCertificates({ sort: 'alias', order: 'asc', page: 1, pageSize: CERTIFICATE_CHOICES }),
    staleTime: 60_000,
  });
}
