import { useEffect, useRef } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/api';
import { PageHeading } from '../layout/page-heading';
import { Alert, Loading, errorMessage } from '../ui/feedback';
import { forgetAuthorization, pendingAuthorization } from './ca-authorization';
import { ChooseCredentialForm } from './choose-credential.form';

/**
 * Where the Certificate Authority sends the browser back (`code` and `state`, or `error`). The code is
 * handed to the backoffice once; then the operator chooses the credential (adding a certificate), or
 * the details page shows the renewed access and offers to reactivate the suspended client services.
 */
export function CaReturnPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const state = params.get('state') ?? '';
  const pending = state ? pendingAuthorization(state) : undefined;
  const complete = useMutation({
    mutationFn: () =>
      api.completeCaAuthorization(state, {
        ...(params.get('code') ? { code: params.get('code')! } : {}),
        ...(params.get('error') ? { error: params.get('error')! } : {}),
        ...(params.get('error_description') ? { errorDescription: params.get('error_description')! } : {}),
      }),
    onSuccess: (answer) => {
      if (answer.purpose !== 'renew' || !answer.certificateId) return;
      forgetAuthorization(state);
      navigate(`/certificates/${encodeURIComponent(answer.certificateId)}`, {
        replace: true,
        state: { renewedAtCa: true },
      });
    },
  });
  // One hand-over per visit: the code is single use (React may run an effect twice in development).
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current || !state) return;
    sent.current = true;
    complete.mutate();
  }, [state, complete]);

  const renewing = pending?.purpose === 'renew' && pending.certificateId;
  const again = renewing ? `/certificates/${encodeURIComponent(pending.certificateId!)}` : '/certificates/new';
  const title = renewing ? 'Renew CA access' : 'Add certificate';

  if (!state || complete.error)
    return (
      <>
        <PageHeading title={title} />
        <Alert kind="error" title={renewing ? 'The CA access was not renewed.' : 'The certificate was not added.'}>
          <p>
            {state
              ? errorMessage(complete.error)
              : 'The Certificate Authority sent you back without an authorization. Start again from Sign’Stash.'}
          </p>
          <div className="form-actions">
            <Link to={again} className="button button-primary">
              Try again
            </Link>
            <Link to="/certificates" className="button button-secondary">
              Back to certificates
            </Link>
          </div>
        </Alert>
      </>
    );
  const answer = complete.data;
  if (answer?.purpose === 'register' && answer.credentials)
    return (
      <>
        <p className="breadcrumb">
          <Link to="/certificates">← Back to certificates</Link>
        </p>
        <PageHeading title="Add certificate" />
        <ChooseCredentialForm
          state={state}
          caName={answer.caName ?? answer.ca ?? ''}
          credentials={answer.credentials}
          onRegistered={() => forgetAuthorization(state)}
        />
      </>
    );
  return (
    <>
      <PageHeading title={title} />
      <Loading label="Completing the authorization with the Certificate Authority…" />
    </>
  );
}
