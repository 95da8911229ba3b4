import { ModalDialog } from '../../ui/modal-dialog';
import { Alert, errorMessage } from '../../ui/feedback';
import { useReactivateClientServices } from './certificate-queries';

export function reactivationQuestion(count: number): string {
  return count === 1
    ? '1 client service was suspended when the access expired. Reactivate it now?'
    : `${count} client services were suspended when the access expired. Reactivate them now?`;
}

/** Asked after a renewal: the suspension by expiry is not lifted automatically, the operator confirms it. */
export function ReactivationDialog({
  certificateId,
  count,
  onDone,
}: {
  certificateId: string;
  count: number;
  onDone: (reactivated: number | null) => void;
}) {
  const reactivate = useReactivateClientServices(certificateId);
  return (
    <ModalDialog title="Reactivate client services" onClose={() => onDone(null)}>
      <p>{reactivationQuestion(count)}</p>
      {reactivate.isError && <Alert kind="error">{errorMessage(reactivate.error)}</Alert>}
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={reactivate.isPending}
          onClick={() => reactivate.mutate(undefined, { onSuccess: ({ reactivated }) => onDone(reactivated) })}
        >
          {reactivate.isPending ? 'Reactivating…' : 'Reactivate now'}
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => onDone(null)}
          disabled={reactivate.isPending}
        >
          Not now
        </button>
      </div>
    </ModalDialog>
  );
}
