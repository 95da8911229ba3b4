import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { CertificateDetails } from '../../api/api-types';
import { AccessBadge, accessLabel, daysLeftText } from '../../ui/badges';
import { DetailList } from '../../ui/detail-list';
import { Alert } from '../../ui/feedback';
import { formatDate, plural } from '../../ui/format';
import { useDisclosure } from '../../ui/use-disclosure';
import { ReactivationDialog } from './reactivation.dialog';
import { RenewAccessForm } from './renew-access.form';

export function CaAccessSection({ certificate }: { certificate: CertificateDetails }) {
  const [message, setMessage] = useState<string>();
  const [toReactivate, setToReactivate] = useState(0);
  // `?renew=1`: the dashboard's "Renew CA access" opens the renewal form at once.
  const [params] = useSearchParams();
  const renewAsked = params.has('renew');
  const forms = useDisclosure<'renew'>(() => setMessage(undefined), renewAsked ? 'renew' : null);
  const sectionRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (renewAsked) sectionRef.current?.scrollIntoView({ block: 'start' });
  }, [renewAsked]);
  const access = certificate.access;
  const label = accessLabel(access.state, access.daysLeft);

  const renewed = (suspended: number) => {
    setMessage('The CA access was renewed.');
    forms.close();
    setToReactivate(suspended);
  };
  const reactivationDone = (reactivated: number | null) => {
    setToReactivate(0);
    setMessage(
      reactivated === null
        ? 'The CA access was renewed. The suspended client services stay suspended until you reactivate them.'
        : `The CA access was renewed and ${plural(reactivated, 'client service was', 'client services were')} reactivated.`,
    );
  };

  return (
    <section className="card" aria-labelledby="access-title" ref={sectionRef}>
      <div className="card-header">
        <h2 id="access-title">Certificate Authority Access</h2>
        <div className="card-actions">
          <button type="button" className="button button-secondary button-small" {...forms.trigger('renew')}>
            Renew CA access
          </button>
        </div>
      </div>
      {label === 'Expired' && (
        <Alert kind="error" title="The CA access has expired.">
          Sign’Stash can no longer sign with this certificate, and the client services using it are suspended. Renew the
          access at the Certificate Authority, then record the new expiration date here.
        </Alert>
      )}
      {label === 'Expiring soon' && (
        <Alert kind="warning" title={`The CA access expires in ${daysLeftText(access.daysLeft, access.state)}.`}>
          Renew it before {formatDate(access.expiresAt)}, or the client services using this certificate will be
          suspended.
        </Alert>
      )}
      {message && <Alert kind="success">{message}</Alert>}
      {forms.open === 'renew' && (
        <RenewAccessForm certificate={certificate} onRenewed={renewed} onCancel={forms.close} />
      )}
      <DetailList
        items={[
          ['Provider', access.provider],
          ['Credential id', <code key="credential">{access.credentialId}</code>],
          ['Granted at', formatDate(access.grantedAt)],
          ['Expiration date', formatDate(access.expiresAt)],
          ['Days left', daysLeftText(access.daysLeft, access.state)],
          ['State', <AccessBadge key="state" state={access.state} daysLeft={access.daysLeft} />],
          ['Access period', access.period],
        ]}
      />
      {toReactivate > 0 && (
        <ReactivationDialog certificateId={certificate.id} count={toReactivate} onDone={reactivationDone} />
      )}
    </section>
  );
}
