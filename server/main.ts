/**
 * `node --import tsx server/main.ts` — the reference server with configuration from the
 * environment (server/README.md). Ctrl-C or SIGTERM shuts it down without losing a stored
 * submission.
 */
import { startServer, type RunningServer } from './app.ts';

let server: RunningServer;
try {
  server = await startServer();
} catch (error) {
  // A configuration mistake (a bad routes file, SMTP without MAIL_FROM…) is one sentence.
  console.error(`trialkit reference server did not start: ${error instanceof Error ? error.message : String(error)}`);
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
