import { useState } from 'react';
import type { CertificateDetails } from '../../api/api-types';
import { CertificateStatusBadge } from '../../ui/badges';
import { DetailList } from '../../ui/detail-list';
import { Alert } from '../../ui/feedback';
import { formatDate, formatDateTime } from '../../ui/format';
import { useDisclosure } from '../../ui/use-disclosure';
import { ChangeStatusForm } from './change-status.form';
import { EditDetailsForm } from './edit-details.form';
import { describeKeyUsage } from './extended-key-usage';

export function GeneralInfoSection({ certificate }: { certificate: CertificateDetails }) {
  const [message, setMessage] = useState<string>();
  const forms = useDisclosure<'details' | 'status'>(() => setMessage(undefined));
  const done = (text: string) => {
    setMessage(text);
    forms.close();
  };
  const x509 = certificate.certificate;

  return (
    <section className="card" aria-labelledby="general-title">
      <div className="card-header">
        <h2 id="general-title">General certificate information</h2>
        <div className="card-actions">
          <button type="button" className="button button-secondary button-small" {...forms.trigger('details')}>
            Edit details
          </button>
          <button type="button" className="button button-secondary button-small" {...forms.trigger('status')}>
            Change status
          </button>
        </div>
      </div>
      {message && <Alert kind="success">{message}</Alert>}
      {forms.open === 'details' && <EditDetailsForm certificate={certificate} onDone={done} onCancel={forms.close} />}
      {forms.open === 'status' && <ChangeStatusForm certificate={certificate} onDone={done} onCancel={forms.close} />}
      <DetailList
        items={[
          ['Alias', certificate.alias],
          ['Description', certificate.description],
          [
            'Certificate status',
            <>
              <CertificateStatusBadge status={certificate.status} />
              {certificate.statusReason && <span className="detail-note">{certificate.statusReason}</span>}
            </>,
          ],
          ['Subject', x509.subject],
          ['Issuing CA', x509.issuingCa],
          ['Serial number', <code key="serial">{x509.serialNumber}</code>],
          ['Valid from', formatDate(x509.validFrom)],
          ['Valid to', formatDate(x509.validTo)],
          [
            'SHA-256 fingerprint',
            <code key="fp" className="break">
              {x509.fingerprintSha256}
            </code>,
          ],
          ['Key usage', x509.keyUsage.map(describeKeyUsage).join(', ')],
          [
            'Registered',
            `${formatDateTime(certificate.registeredAt)} by ${certificate.registeredByName ?? certificate.registeredBy}`,
          ],
          [
            'Last changed',
            `${formatDateTime(certificate.updatedAt)} by ${certificate.updatedByName ?? certificate.updatedBy}`,
          ],
        ]}
      />
    </section>
  );
}
