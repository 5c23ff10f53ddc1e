import { migrations } from '@canopy/migrations';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The export format's name and version: a change to the file layout itself bumps it. */
export const FORMAT = 'canopy-export';
export const FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

/** manifest.json: what was exported, from which schema, and how many rows each file holds. */
export interface Manifest {
  format: typeof FORMAT;
  formatVersion: number;
  /** The name of the last migration the exporting database had run. */
  schemaVersion: string;
  exportedAt: string;
  tables: { name: string; file: string; rows: number }[];
}

/** A folder import-all cannot use; the message says why and what to do. */
export class TransferError extends Error {}

/** The schema version of this Canopy: the name of its newest migration. */
export function currentSchemaVersion(): string {
  return Object.keys(migrations).sort().at(-1)!;
}

/** Reads and checks a folder's manifest.json against this Canopy's schema version. */
export async function readManifest(dir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    throw new TransferError(`${dir} has no ${MANIFEST_FILE}: name a folder written by pnpm canopy export.`);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch (error) {
    throw new TransferError(`${join(dir, MANIFEST_FILE)} is not valid JSON (${(error as Error).message}).`);
  }
  if (manifest?.format !== FORMAT || !Array.isArray(manifest.tables)) {
    throw new TransferError(`${join(dir, MANIFEST_FILE)} is not a Canopy export manifest.`);
  }
  if (manifest.formatVersion !== FORMAT_VERSION) {
    throw new TransferError(`This export uses format version ${manifest.formatVersion}; this Canopy reads version ${FORMAT_VERSION}. Export again with the same Canopy version you import with.`);
  }
  const current = currentSchemaVersion();
  if (manifest.schemaVersion !== current) {
    const newer = manifest.schemaVersion > current;
    throw new TransferError(
      newer
        ? `This export comes from a newer Canopy (schema ${manifest.schemaVersion}; this one is at ${current}). Upgrade this Canopy first, then import again.`
        : `This export comes from an older Canopy (schema ${manifest.schemaVersion}; this one is at ${current}). Upgrade the old installation to this version first (it migrates at start), export again, then import.`,
    );
  }
  return manifest;
}
