import { AccessSlot } from '../components/AccessSlot.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { IngestionStatus } from '../data/IngestionStatus.tsx';
import { UploadForm } from '../data/UploadForm.tsx';

/** Admin: get data in (upload), see whether it is arriving, and manage API keys. */
export default function DataPage() {
  return (
    <>
      <PageHeader title="Data" subtitle="Getting customers and events into Canopy" />
      <UploadForm />
      <IngestionStatus />
      <AccessSlot name="ApiKeysPanel" />
    </>
  );
}
