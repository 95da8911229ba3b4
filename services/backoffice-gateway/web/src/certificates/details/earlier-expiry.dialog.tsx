import { ApiError } from '../../api/api';
import { ModalDialog } from '../../ui/modal-dialog';
import { formatDate } from '../../ui/format';

/** The certificate service refuses a renewal to an earlier expiration unless the request confirms it. */
export const CONFIRM_EARLIER_EXPIRY = 'confirmEarlierExpiry';

export const needsEarlierExpiryConfirmation = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 409 && error.fieldError(CONFIRM_EARLIER_EXPIRY) !== undefined;

/** Asked when the new expiration date would end the CA access sooner than it ends now. */
export function EarlierExpiryDialog({
  currentExpiresAt,
  newExpiresAt,
  pending,
  onConfirm,
  onCancel,
}: {
  currentExpiresAt: string;
  newExpiresAt: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ModalDialog title="Shorten the CA access?" onClose={onCancel}>
      <p>
        The CA access currently expires on <strong>{formatDate(currentExpiresAt)}</strong>. The new expiration date,{' '}
        <strong>{formatDate(newExpiresAt)}</strong>, is earlier: Sign&apos;Stash will stop signing with this certificate
        sooner.
      </p>
      <p>Renew the access to expire on {formatDate(newExpiresAt)}?</p>
      <div className="form-actions">
        <button type="button" className="button button-primary" disabled={pending} onClick={onConfirm}>
          {pending ? 'Renewing…' : 'Shorten the access'}
        </button>
        <button type="button" className="button button-secondary" disabled={pending} onClick={onCancel}>
          Keep the current date
        </button>
      </div>
    </ModalDialog>
  );
}
