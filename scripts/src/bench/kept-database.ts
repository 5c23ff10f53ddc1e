import pg from 'pg';

/**
 * The URL of database `name` on the admin URL's server, creating it when it is missing.
 * Benchmarks keep their generated databases between runs, since generating takes minutes.
 */
export async function keptDatabase(adminUrl: string, name: string): Promise<{ url: string; created: boolean }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
    if (!exists) await admin.query(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return { url: url.toString(), created: !exists };
  } finally {
    await admin.end();
  }
}
