import { PageHeading } from '../layout/page-heading';
import { ErrorState, Loading } from '../ui/feedback';
import { MailChoicesForm } from './mail-choices.form';
import { SettingChangesSection } from './setting-changes.section';
import { useSettings } from './settings-queries';
import { TestMailSection } from './test-mail.section';
import { WarningThresholdsForm } from './warning-thresholds.form';

/** Who is told what: the issuer's warning thresholds, the operator's own e-mails, a test e-mail, and who changed what. */
export function SettingsPage() {
  const settings = useSettings();
  return (
    <>
      <div className="page-header">
        <PageHeading title="Settings" />
      </div>
      {settings.isPending ? (
        <Loading label="Loading the settings…" />
      ) : settings.isError ? (
        <ErrorState what="the settings" error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <>
          <WarningThresholdsForm settings={settings.data} />
          <MailChoicesForm settings={settings.data} />
          <TestMailSection email={settings.data.email} />
          <SettingChangesSection settings={settings.data} />
        </>
      )}
    </>
  );
}
