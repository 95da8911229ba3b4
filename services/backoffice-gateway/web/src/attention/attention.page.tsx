import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/api';
import type { AttentionBucketKey } from '../api/api-types';
import { PageHeading } from '../layout/page-heading';
import { ErrorState, Loading } from '../ui/feedback';
import { plural } from '../ui/format';
import { AttentionBucketSection, bucketTitles } from './attention-bucket.section';

// The list's own filters for each bucket (its "expiring" filter is the 30-day one, so the nearer buckets use it too).
const listHrefs: Record<AttentionBucketKey, string> = {
  expired: '/certificates?access=expired&sort=accessExpiresAt&order=asc',
  within7: '/certificates?access=expiring&sort=accessExpiresAt&order=asc',
  within30: '/certificates?access=expiring&sort=accessExpiresAt&order=asc',
  within90: '/certificates?access=granted&sort=accessExpiresAt&order=asc',
};

/** The page after login: the issuer's accesses that need renewing, most urgent first, kept current by the live updates. */
export function AttentionPage() {
  const attention = useQuery({ queryKey: ['attention'], queryFn: api.getAttention });

  return (
    <>
      <div className="page-header">
        <PageHeading title="Needs attention" />
        <Link to="/certificates" className="button button-secondary">
          All certificates
        </Link>
      </div>
      {attention.isPending ? (
        <Loading label="Loading what needs attention…" />
      ) : attention.isError ? (
        <ErrorState what="what needs attention" error={attention.error} onRetry={() => void attention.refetch()} />
      ) : (
        <>
          <ul className="attention-summary" aria-label="Summary">
            {attention.data.buckets.map((bucket) => (
              <li key={bucket.key} className={`attention-tile attention-${bucket.key}`} data-bucket={bucket.key}>
                <a href={`#attention-${bucket.key}`}>
                  <span className="attention-count">{bucket.total}</span> {bucketTitles[bucket.key]}
                </a>
                {bucket.key === 'expired' && (
                  <span className="attention-note">
                    {plural(attention.data.suspendedClientServices, 'client service', 'client services')} suspended
                  </span>
                )}
              </li>
            ))}
          </ul>
          {attention.data.buckets.map((bucket) => (
            <AttentionBucketSection key={bucket.key} bucket={bucket} listHref={listHrefs[bucket.key]} />
          ))}
        </>
      )}
    </>
  );
}
