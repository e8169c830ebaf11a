/** The reference server as its own process (`server/main.ts`), for tests that kill or pair it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from '../../server/config.ts';

export interface ServerProcess {
  process: ChildProcess;
  url: string;
  exited: Promise<void>;
}

/** Starts it with only `PATH` and `env`; resolves once it listens, rejects with its stderr if not. */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20_000);
    void exited.then(() => reject(new Error(`server exited: ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const url = /listening on (http:\/\/\S+?)\/?$/.exec(line)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({ process: child, url, exited });
    });
  });
}
