import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { passwordProblem } from './passwords.ts';
import { CliInputError } from '../cli/with-database.ts';

/** Reads all of standard input (for --password-stdin), without the final newline. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Asks for a line on the terminal without echoing what is typed. */
function askHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

/**
 * The new password for a CLI command: from standard input with --password-stdin, else
 * CANOPY_PASSWORD, else asked twice on the terminal. Never taken from an argument, which
 * would land in the shell history and the process list.
 */
export async function newPassword(fromStdin: boolean): Promise<string> {
  let password: string;
  if (fromStdin) password = await readStdin();
  else if (process.env.CANOPY_PASSWORD) password = process.env.CANOPY_PASSWORD;
  else if (process.stdin.isTTY) {
    password = await askHidden('Password: ');
    if ((await askHidden('Same password again: ')) !== password) throw new CliInputError('The two passwords differ. Nothing was changed.');
  } else {
    throw new CliInputError('No password: type it at a terminal, set CANOPY_PASSWORD, or pipe it with --password-stdin.');
  }
  const problem = passwordProblem(password);
  if (problem) throw new CliInputError(problem);
  return password;
}


export { CliInputError };
