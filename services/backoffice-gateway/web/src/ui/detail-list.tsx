import type { ReactNode } from 'react';

export function DetailList({ items }: { items: Array<[label: string, value: ReactNode]> }) {
  return (
    <dl className="detail-list">
      {items.map(([label, value]) => (
        <div key={label} className="detail-item">
          <dt>{label}</dt>
          <dd>{value === '' || value === undefined || value === null ? <span className="muted">—</span> : value}</dd>
        </div>
      ))}
    </dl>
  );
}
