import { useQuery } from '@tanstack/react-query';
import { settingsQuery } from '../api/settings.ts';
import { AccessSlot } from '../components/AccessSlot.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { SettingsForm } from '../settings/SettingsForm.tsx';

/** Admin: the ladder, unit costs, churn window, minimum sample and time zone; users and share links. */
export default function SettingsPage() {
  const settings = useQuery(settingsQuery());
  return (
    <>
      <PageHeader title="Settings" subtitle="How customers are placed on the ladder and what their contacts cost" />
      <QueryState query={settings} what="settings">
        {(data) => <SettingsForm initial={data} />}
      </QueryState>
      <AccessSlot name="UsersPanel" />
      <AccessSlot name="SharePanel" />
    </>
  );
}
