import { Link, useLocation, useParams } from 'react-router';
import { ApiError } from '../../api/api';
import { PageHeading } from '../../layout/page-heading';
import { AccessBadge, CertificateStatusBadge, SignatureLimitBadge, signatureLimitNear } from '../../ui/badges';
import { Alert, ErrorState, Loading } from '../../ui/feedback';
import { AccessAlert, CaAccessSection } from './ca-access.section';
import { useCertificate } from './certificate-queries';
import { ClientServicesSection } from './client-services.section';
import { GeneralInfoSection } from './general-info.section';
import { HistorySection } from './history.section';
import { NotificationsSection } from './notifications.section';

export function CertificateDetailsPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const certificate = useCertificate(id);
  const flash = (location.state as { flash?: string } | null)?.flash;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/certificates">← Back to certificates</Link>
      </p>
      {certificate.isPending ? (
        <Loading label="Loading the certificate…" />
      ) : certificate.isError ? (
        certificate.error instanceof ApiError && certificate.error.status === 404 ? (
          <>
            <PageHeading title="Certificate not found" />
            <p>This certificate does not exist or does not belong to your issuer.</p>
          </>
        ) : (
          <>
            <PageHeading title="Certificate" />
            <ErrorState what="the certificate" error={certificate.error} onRetry={() => void certificate.refetch()} />
          </>
        )
      ) : (
        <>
          <div className="page-header title-row">
            <PageHeading title={`Certificate ${certificate.data.alias}`}>
              <span className="title-prefix">Certificate</span> {certificate.data.alias}
            </PageHeading>
            <div className="title-badges">
              <CertificateStatusBadge status={certificate.data.status} labelled />
              <AccessBadge
                state={certificate.data.access.state}
                expiresAt={certificate.data.access.expiresAt}
                labelled
              />
              {signatureLimitNear(certificate.data.access) && <SignatureLimitBadge />}
            </div>
          </div>
          {flash && <Alert kind="success">{flash}</Alert>}
          <AccessAlert certificate={certificate.data} />
          <div className="details-grid">
            <GeneralInfoSection certificate={certificate.data} />
            <CaAccessSection certificate={certificate.data} />
          </div>
          <ClientServicesSection certificate={certificate.data} />
          <HistorySection certificateId={id} />
          <NotificationsSection certificateId={id} />
        </>
      )}
    </>
  );
}
