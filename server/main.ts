/**
 * `node --import tsx server/main.ts` — the reference server with configuration from the
 * environment (server/README.md). Ctrl-C or SIGTERM shuts it down without losing a stored
 * submission.
 */
import { startServer } from './app.ts';
import { ConfigError } from './config.ts';

let server: Awaited<ReturnType<typeof startServer>>;
try {
  server = await startServer();
} catch (error) {
  // A setting the server cannot run with: its one sentence, no stack trace.
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
console.log(`trialkit reference server listening on ${server.url}/`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing requests in flight…`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
