import { parseArgs } from 'node:util';
import type { CliCommand } from '../cli.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.ts';
import { withDatabase } from '../cli/with-database.ts';
import { CliInputError } from './cli-input.ts';

const USAGE = 'api-key create --name <name> | api-key list | api-key revoke <prefix>';

/** `canopy api-key`: creates (shown once), lists and revokes ingestion keys. */
export const apiKeyCommand: CliCommand = {
  usage: USAGE,
  summary: 'Creates an ingestion key (printed once: store it), lists keys with when they were last used, or revokes one by its prefix.',
  run: runApiKey,
};

async function runApiKey(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { name: { type: 'string' } } });
  } catch (error) {
    console.error(`${(error as Error).message}\nUsage: pnpm canopy ${USAGE}`);
    return 2;
  }
  const [action, target] = parsed.positionals;
  if (action === 'create' && !parsed.values.name?.trim()) {
    console.error('Name the key after what sends with it: pnpm canopy api-key create --name "CRM sync"');
    return 2;
  }
  if (action === 'revoke' && !target) {
    console.error('Say which key: pnpm canopy api-key revoke cnp_live_ab12cd34 (see pnpm canopy api-key list)');
    return 2;
  }
  if (action !== 'create' && action !== 'list' && action !== 'revoke') {
    console.error(`Usage: pnpm canopy ${USAGE}`);
    return 2;
  }
  return withDatabase(async (db) => {
    if (action === 'create') {
      const key = await createApiKey(db, parsed.values.name!.trim(), null);
      console.log(`Created ${key.prefix}… (${key.name}). This is the only time it is shown:\n\n  ${key.token}\n`);
      console.log('Send it as: Authorization: Bearer <key>');
      return 0;
    }
    if (action === 'revoke') {
      if (!(await revokeApiKey(db, target!))) throw new CliInputError(`No live key ${target}. See: pnpm canopy api-key list`);
      console.log(`Revoked ${target}: requests with it are refused from now on.`);
      return 0;
    }
    const keys = await listApiKeys(db);
    if (keys.length === 0) console.log('No API keys yet. Create one: pnpm canopy api-key create --name "CRM sync"');
    for (const k of keys) {
      const state = k.revokedAt ? `revoked ${k.revokedAt}` : `last used ${k.lastUsedAt ?? 'never'}`;
      console.log(`${k.prefix}…  ${k.name.padEnd(24)}  created ${k.createdAt}  ${state}`);
    }
    return 0;
  });
}
