import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/api';
import type { CertificateAuthority } from '../api/api-types';
import { PageHeading } from '../layout/page-heading';
import { Alert, ErrorState, Loading, errorMessage } from '../ui/feedback';
import { goToCa } from './ca-authorization';

const grouped = new Intl.NumberFormat('en-GB');

/** How long and how much a CA's grant allows, in the operator's words. */
export const describeRules = (ca: CertificateAuthority) =>
  `Each grant lasts ${ca.rules.periodDays} days or ${grouped.format(ca.rules.signatureLimit)} signatures, whichever comes first.`;

/**
 * "Add certificate": the operator chooses the Certificate Authority that holds the certificate and is
 * sent there to give Sign’Stash access; the CA sends the browser back to choose the credential.
 */
export function AddCertificatePage() {
  const cas = useQuery({ queryKey: ['certificate-authorities'], queryFn: api.listCertificateAuthorities });
  const [chosen, setChosen] = useState<string>();
  const go = useMutation({ mutationFn: (ca: string) => goToCa(ca) });
  const items = cas.data?.items ?? [];
  const selected = chosen ?? (items.length === 1 ? items[0].id : undefined);
  const selectedName = items.find((ca) => ca.id === selected)?.name;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/certificates">← Back to certificates</Link>
      </p>
      <PageHeading title="Add certificate" />
      <form
        className="form-card"
        aria-label="Add certificate"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (selected) go.mutate(selected);
        }}
      >
        {go.error && <Alert kind="error">{errorMessage(go.error)}</Alert>}
        <fieldset>
          <legend>Certificate Authority</legend>
          <p className="hint">
            Choose the Certificate Authority that holds the certificate. You will sign in there with the client account
            of the certificate (and its OTP code or PIN, if it asks) to give Sign’Stash access to it, then come back
            here to choose the credential.
          </p>
          {cas.isPending && <Loading label="Loading the Certificate Authorities…" />}
          {cas.error && (
            <ErrorState error={cas.error} what="the Certificate Authorities" onRetry={() => void cas.refetch()} />
          )}
          {cas.data && items.length === 0 && (
            <Alert kind="warning">No Certificate Authority is configured yet. Ask your system administrator.</Alert>
          )}
          <div className="choices" role="radiogroup" aria-label="Certificate Authority">
            {items.map((ca) => (
              <label key={ca.id} className={`choice choice-card${selected === ca.id ? ' choice-selected' : ''}`}>
                <input
                  type="radio"
                  name="ca"
                  value={ca.id}
                  checked={selected === ca.id}
                  onChange={() => setChosen(ca.id)}
                />
                <span className="choice-body">
                  <strong>{ca.name}</strong>
                  <span className="hint">{describeRules(ca)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={!selected || go.isPending}>
            {go.isPending
              ? 'Opening the Certificate Authority…'
              : `Continue to ${selectedName ?? 'the Certificate Authority'}`}
          </button>
          <Link to="/certificates" className="button button-secondary">
            Cancel
          </Link>
        </div>
        <p className="hint">
          Is the certificate held at a Certificate Authority without a CSC API?{' '}
          <Link to="/certificates/new/manual">Register it by hand with its PEM</Link>.
        </p>
      </form>
    </>
  );
}
