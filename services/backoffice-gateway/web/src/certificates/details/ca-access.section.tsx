import { useEffect, useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useNavigate } from 'react-router';
import type { CertificateDetails } from '../../api/api-types';
import {
  AccessBadge,
  accessCondition,
  renewedInsideWindow,
  SignatureLimitBadge,
  signatureLimitNear,
  TimeLeftText,
} from '../../ui/badges';
import { DetailList } from '../../ui/detail-list';
import { Alert } from '../../ui/feedback';
import { formatDate, formatDayOrInstant, plural, timeLeft } from '../../ui/format';
import { useNow } from '../../ui/use-now';
import { useDisclosure } from '../../ui/use-disclosure';
import { ReactivationDialog } from './reactivation.dialog';
import { RenewAccessForm } from './renew-access.form';
import { goToCa } from '../ca-authorization';
import { countSuspendedByExpiry } from './certificate-queries';
import { errorMessage } from '../../ui/feedback';
import { SignaturesUsed } from './signatures-used';
import { RENEW_REQUEST, useRenewRequest } from './use-renew-request';

/** An access recorded by hand (a CA without a CSC API, or recorded before CAs were configured). */
const isManual = (certificate: CertificateDetails) => certificate.access.ca === 'manual';

export function CaAccessSection({ certificate }: { certificate: CertificateDetails }) {
  const [message, setMessage] = useState<string>();
  const [toReactivate, setToReactivate] = useState(0);
  const forms = useDisclosure<'renew'>(() => setMessage(undefined));
  const sectionRef = useRef<HTMLElement>(null);
  useRenewRequest(() => forms.show('renew'), forms.open === 'renew', sectionRef);
  const access = certificate.access;
  const queryClient = useQueryClient();
  const location = useLocation();
  const navigate = useNavigate();
  const toCa = useMutation({ mutationFn: () => goToCa(access.ca, certificate.id) });
  // Back from the CA with the access renewed: say so, and offer to reactivate what its expiry suspended.
  const renewedAtCa = (location.state as { renewedAtCa?: boolean } | null)?.renewedAtCa === true;
  useEffect(() => {
    if (!renewedAtCa) return;
    setMessage(`The CA access was renewed at ${access.caName}.`);
    void countSuspendedByExpiry(queryClient, certificate.id)
      .catch(() => 0)
      .then(setToReactivate);
    void navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
    // Once per return from the CA: the state is cleared right away.
  }, [renewedAtCa]);

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
          {isManual(certificate) ? (
            <button type="button" className="button button-secondary button-small" {...forms.trigger('renew')}>
              Renew CA access
            </button>
          ) : (
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={toCa.isPending}
              onClick={() => toCa.mutate()}
            >
              {toCa.isPending ? `Opening ${access.caName}…` : 'Renew CA access'}
            </button>
          )}
        </div>
      </div>
      {message && <Alert kind="success">{message}</Alert>}
      {toCa.error && (
        <Alert kind="error" title="Nothing changed.">
          {errorMessage(toCa.error)}
        </Alert>
      )}
      {!isManual(certificate) && (
        <p className="hint">
          Renewing sends you to {access.caName}: sign in there with the certificate’s client account to grant Sign’Stash
          access again, then you come back here.
        </p>
      )}
      {forms.open === 'renew' && (
        <RenewAccessForm certificate={certificate} onRenewed={renewed} onCancel={forms.close} />
      )}
      <DetailList
        items={[
          ['Certificate Authority', isManual(certificate) ? `${access.caName} (recorded by hand)` : access.caName],
          ['Credential id', <code key="credential">{access.credentialId}</code>],
          ['Granted at', formatDate(access.grantedAt)],
          ['Expiration date', formatDayOrInstant(access.expiresAt)],
          ['Time left', <TimeLeftText key="left" state={access.state} expiresAt={access.expiresAt} />],
          ['CA access', <AccessCondition key="access" access={access} />],
          ['Access period', <AccessPeriod key="period" period={Number(access.period)} />],
          ['Signatures used', <SignaturesUsed key="signatures" access={access} />],
        ]}
      />
      {toReactivate > 0 && (
        <ReactivationDialog certificateId={certificate.id} count={toReactivate} onDone={reactivationDone} />
      )}
    </section>
  );
}

/** The access badge and, past the warning share of the signatures, that the limit is near and what follows. */
function AccessCondition({ access }: { access: CertificateDetails['access'] }) {
  const badge = <AccessBadge state={access.state} expiresAt={access.expiresAt} />;
  if (!signatureLimitNear(access)) return badge;
  return (
    <>
      {badge} <SignatureLimitBadge />
      <span className="detail-note">
        The access is about to reach its signature limit: renew it before then, or the client services using this
        certificate will be suspended.
      </span>
    </>
  );
}

/**
 * The period counts the grants of access: the first at registration, one more at each renewal. A bare
 * "1" said nothing, so the value says which grant it is and what a period is.
 */
function AccessPeriod({ period }: { period: number }) {
  return (
    <>
      {period <= 1
        ? 'Period 1, granted at registration'
        : `Period ${period}, renewed ${plural(period - 1, 'time', 'times')}`}
      <span className="detail-note">
        A period runs from one grant of the access to its expiry; each renewal starts a new one.
      </span>
    </>
  );
}

/**
 * What the operator must act on, shown at the top of the details page (on a phone the CA access
 * section is far down): an expired access, or one expiring within 30 days, kept current by the clock.
 */
export function AccessAlert({ certificate }: { certificate: CertificateDetails }) {
  const now = useNow();
  const { state, expiresAt } = certificate.access;
  const condition = accessCondition(state, expiresAt, now);
  const left = timeLeft(expiresAt, now, state === 'expired');
  const renewLink = <Link to={RENEW_REQUEST}>Renew CA access</Link>;
  if (condition === 'Expired')
    return (
      <Alert kind="error" title="The CA access has expired.">
        {certificate.access.expiryReason === 'signatures'
          ? `It reached its signature limit (${certificate.access.signatures.limit.toLocaleString('en-GB')} since the last grant) on ${formatDayOrInstant(certificate.access.expiredAt)}.`
          : `It expired on ${formatDayOrInstant(expiresAt)} (${left.relative}).`}{' '}
        Sign’Stash can no longer sign with this certificate, and the client services using it are suspended.{' '}
        {isManual(certificate) ? (
          <>Renew the access at the Certificate Authority, then record the new expiration date with {renewLink}.</>
        ) : (
          <>
            Renew it at {certificate.access.caName} with {renewLink}.
          </>
        )}
      </Alert>
    );
  if (condition === 'Expiring soon' && !renewedInsideWindow(certificate.access, now))
    return (
      <Alert kind="warning" title={`The CA access expires ${left.relative}.`}>
        Renew it before {formatDayOrInstant(expiresAt)} with {renewLink}, or the client services using this certificate
        will be suspended.
      </Alert>
    );
  return null;
}
