import type { Revisioned, CertificateDetails, CertificateHistory, CertificatePage } from './certificate.answers';
import type { CertificateAttention } from './attention.answers';
import type { CaAuthorizationStarted, CaReturn, CertificateAuthorityList } from './ca-access.answers';
import type { IssuerWarningThresholds } from '../settings/warning-thresholds.answers';

/**
 * The certificate service's internal API, route by route (below `/issuers/:issuerId`), with what each
 * answers: the gateway calls it by these names, so what it reads is what the service declares it returns.
 */
export interface CertificateServiceRoutes {
  'GET /certificates': CertificatePage;
  'POST /certificates': Revisioned;
  'GET /certificates/:certificateId': CertificateDetails;
  'GET /certificates/:certificateId/revision': { revision: number };
  'GET /certificates/:certificateId/history': CertificateHistory;
  'PATCH /certificates/:certificateId/details': Revisioned;
  'PUT /certificates/:certificateId/status': Revisioned;
  'POST /certificates/:certificateId/access/renewals': Revisioned;
  'GET /certificates.csv': string;
  'GET /attention': CertificateAttention;
  'GET /warning-thresholds': IssuerWarningThresholds;
  'PUT /warning-thresholds': IssuerWarningThresholds;
  'GET /certificate-authorities': CertificateAuthorityList;
  'POST /ca-authorizations': CaAuthorizationStarted;
  'POST /ca-authorizations/:state/return': CaReturn;
  'POST /ca-authorizations/:state/certificate': Revisioned;
}
