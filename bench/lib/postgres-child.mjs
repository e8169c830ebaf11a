/**
 * A throwaway PostgreSQL server for the bench's PostgreSQL rows, in its own process:
 * `node --import tsx postgres-child.mjs` starts a cluster with the usual durability (fsync on,
 * as a deployment runs it) through test/helpers/postgres.ts, prints one JSON line
 * `{ "url": … }` (or `{ "unavailable": why }`), and stops the cluster on SIGTERM.
 */
const { testCluster } = await import('../../test/helpers/postgres.ts');
const cluster = await testCluster(true);
if (typeof cluster === 'string') {
  process.stdout.write(`${JSON.stringify({ unavailable: cluster })}\n`);
  process.exit(0);
}
process.stdout.write(`${JSON.stringify({ url: cluster.url })}\n`);
// The helper stops the cluster and removes its folder when this process exits.
process.on('SIGTERM', () => process.exit(0));
setInterval(() => {}, 60_000);
