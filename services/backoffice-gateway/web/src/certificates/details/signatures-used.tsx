import type { CertificateDetails } from '../../api/api-types';
import { formatDayOrInstant } from '../../ui/format';

const count = (value: number) => value.toLocaleString('en-GB');

/** Rounded down to a tenth, so an access still usable is never shown "100 %" used. */
const percent = (share: number) => `${Math.floor(share * 1000) / 10} %`;

/**
 * The signatures applied since the last grant, of the limit in force, and when the limit will be
 * reached at the rate since the grant, when that comes before the time limit.
 */
export function SignaturesUsed({ access }: { access: CertificateDetails['access'] }) {
  const { used, limit, share, limitReachedAt } = access.signatures;
  return (
    <>
      {count(used)} of {count(limit)} ({percent(share)})
      <span className="detail-note">
        {limitReachedAt
          ? `At the current rate the limit is reached on ${formatDayOrInstant(limitReachedAt)}, before the time limit.`
          : 'Counted since the last grant; a renewal starts the count again.'}
      </span>
    </>
  );
}
