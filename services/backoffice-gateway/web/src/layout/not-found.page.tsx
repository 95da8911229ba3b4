import { Link } from 'react-router';
import { PageHeading } from './page-heading';

export function NotFoundPage() {
  return (
    <>
      <PageHeading title="Page not found" />
      <p>This page does not exist.</p>
      <p>
        <Link to="/certificates">Go to the certificates</Link>
      </p>
    </>
  );
}
