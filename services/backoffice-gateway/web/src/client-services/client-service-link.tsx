import { Link } from 'react-router';

export const clientServicePath = (id: string) => `/client-services/${encodeURIComponent(id)}`;

/** A client service's name, opening its details page. */
export function ClientServiceLink({
  service,
  className,
}: {
  service: { id: string; name: string };
  className?: string;
}) {
  return (
    <Link to={clientServicePath(service.id)} className={className}>
      {service.name}
    </Link>
  );
}
