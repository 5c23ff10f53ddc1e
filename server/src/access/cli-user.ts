import { parseArgs } from 'node:util';
import type { CliCommand } from '../cli.ts';
import { withDatabase } from '../cli/with-database.ts';
import { CliInputError, newPassword } from './cli-input.ts';
import { createUser, findUserByEmail, setPassword, UserExistsError, type Role } from './users.ts';

const USAGE = 'user add --email <email> --role admin|viewer [--password-stdin] | user reset-password --email <email> [--password-stdin]';

/** `canopy user`: adds a person or sets a new password (which signs them out everywhere). */
export const userCommand: CliCommand = {
  usage: USAGE,
  summary:
    'Adds a person who can sign in, or resets a password. The password is asked at the terminal, or read from ' +
    'CANOPY_PASSWORD or standard input (--password-stdin); never from an argument. With the embedded database, stop the server first.',
  run: runUser,
};

async function runUser(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { email: { type: 'string' }, role: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\nUsage: pnpm canopy ${USAGE}`);
    return 2;
  }
  const [action] = parsed.positionals;
  const { email, role } = parsed.values;
  if ((action !== 'add' && action !== 'reset-password') || !email) {
    console.error(`Usage: pnpm canopy ${USAGE}`);
    return 2;
  }
  if (action === 'add' && role !== 'admin' && role !== 'viewer') {
    console.error('--role must be admin or viewer, e.g. pnpm canopy user add --email you@example.com --role admin');
    return 2;
  }
  return withDatabase(async (db) => {
    if (action === 'reset-password') {
      const user = await findUserByEmail(db, email);
      if (!user) throw new CliInputError(`No account for ${email}. Add one with: pnpm canopy user add --email ${email} --role viewer`);
      await setPassword(db, user.id, await newPassword(parsed.values['password-stdin'] === true));
      console.log(`New password set for ${user.email}; their sessions have ended.`);
      return 0;
    }
    try {
      const user = await createUser(db, { email, role: role as Role, password: await newPassword(parsed.values['password-stdin'] === true) });
      console.log(`Added ${user.email} (${user.role}). They can sign in now.`);
      return 0;
    } catch (error) {
      if (error instanceof UserExistsError) throw new CliInputError(`${error.message} To set a new password: pnpm canopy user reset-password --email ${email}`);
      throw error;
    }
  });
}
