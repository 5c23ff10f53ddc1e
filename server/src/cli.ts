// The `pnpm canopy <command> [args]` command line. Each command lives with its domain and
// is loaded only when run; add one by adding a line to `commands`.

/** One command: a line for the usage text and the function that runs it (returns the exit code). */
export interface CliCommand {
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

const commands: Record<string, () => Promise<CliCommand>> = {
  import: async () => (await import('./import/command.ts')).importCommand,
  user: async () => (await import('./access/cli-user.ts')).userCommand,
  'api-key': async () => (await import('./access/cli-api-key.ts')).apiKeyCommand,
  'rebuild-rollups': async () => (await import('./rollups/command.ts')).rebuildRollupsCommand,
  export: async () => (await import('./transfer/command.ts')).exportCommand,
  'import-all': async () => (await import('./transfer/command.ts')).importAllCommand,
};

/** The usage text: every command with its arguments and what it does. */
async function usage(): Promise<string> {
  const lines = ['Usage: pnpm canopy <command> [args]', '', 'Commands:'];
  for (const [name, load] of Object.entries(commands)) {
    const command = await load();
    lines.push(`  ${command.usage}`, `      ${command.summary}`);
  }
  lines.push('  help', '      Show this text.');
  return lines.join('\n');
}

/** Runs the command named by the first argument; answers usage for help or an unknown command. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(await usage());
    return name === undefined ? 2 : 0;
  }
  const load = commands[name];
  if (!load) {
    console.error(`Unknown command "${name}".\n\n${await usage()}`);
    return 2;
  }
  try {
    return await (await load()).run(args);
  } catch (error) {
    // Not a problem with the input (that is reported by the command): say what failed, briefly.
    console.error(`canopy ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
