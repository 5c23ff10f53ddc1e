import { useQuery } from '@tanstack/react-query';
import { settingsQuery } from '../api/settings.ts';
import { AccessSlot } from '../components/AccessSlot.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { Link } from '../router/Link.tsx';
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
      <section className="card" aria-labelledby="wall-card-title">
        <h2 id="wall-card-title">Wall screen</h2>
        <p className="hint">Put the forest on an office TV: it rotates views, refreshes itself and needs no sign-in.</p>
        <Link to="/settings/wall">Set up a wall screen</Link>
      </section>
    </>
  );
}
