import { useState } from 'react';
import type { Settings } from '../api/api-types';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/feedback';
import { formatDateTime } from '../ui/format';
import { columnHelper } from '../ui/table-features';
import { daysInWords } from './setting-words';

interface Change {
  key: string;
  at: string;
  byName?: string;
  setting: string;
  from: string;
  to: string;
}

// Operators choose their own e-mails only: who changed it is whose they are.
const mailSettingLabels = { warnings: 'Own warning e-mails', expiries: 'Own expiry notices' } as const;
const onOff = (on: boolean) => (on ? 'On' : 'Off');

/** The thresholds' changes and the operators' mail choices, one list, newest first. */
function changesOf(settings: Settings): Change[] {
  return [
    ...settings.thresholdChanges.map((change) => ({
      key: `thresholds-${change.at}`,
      at: change.at,
      byName: change.byName,
      setting: 'Warning thresholds (whole issuer)',
      from: daysInWords(change.from),
      to: daysInWords(change.to),
    })),
    ...settings.mailChanges.map((change) => ({
      key: `${change.setting}-${change.byName}-${change.at}`,
      at: change.at,
      byName: change.byName,
      setting: mailSettingLabels[change.setting],
      from: onOff(change.from),
      to: onOff(change.to),
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));
}

const helper = columnHelper<Change>();
const columns = helper.columns([
  helper.accessor('at', {
    header: 'When',
    meta: { className: 'nowrap' },
    cell: (info) => formatDateTime(info.getValue()),
  }),
  helper.accessor('byName', { header: 'Who', cell: (info) => info.getValue() ?? 'A former operator' }),
  helper.accessor('setting', { header: 'Setting' }),
  helper.accessor('from', { header: 'From' }),
  helper.accessor('to', { header: 'To' }),
]);

// The settings answer holds every change (a few hundred at most); they are shown a page at a time.
export const CHANGES_PAGE_SIZE = 10;

export function SettingChangesSection({ settings }: { settings: Settings }) {
  const changes = changesOf(settings);
  const [wanted, setPage] = useState(1);
  const page = Math.min(wanted, Math.max(1, Math.ceil(changes.length / CHANGES_PAGE_SIZE)));
  const shown = changes.slice((page - 1) * CHANGES_PAGE_SIZE, page * CHANGES_PAGE_SIZE);
  return (
    <section className="card" aria-labelledby="setting-changes-title">
      <div className="card-header">
        <h2 id="setting-changes-title">Changes</h2>
      </div>
      {changes.length === 0 ? (
        <EmptyState>
          <p>Nobody in your issuer changed these settings yet.</p>
        </EmptyState>
      ) : (
        <DataTable
          caption="Changes of these settings"
          columns={columns}
          data={shown}
          getRowId={(c) => c.key}
          paging={{
            page,
            pageSize: CHANGES_PAGE_SIZE,
            total: changes.length,
            onPageChange: setPage,
            itemName: ['change', 'changes'],
          }}
        />
      )}
    </section>
  );
}
