/** Starting and stopping the processes a benchmark measures: the server, the bare baseline. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { sleep } from './util.js';

export const ROOT = resolve(import.meta.dirname, '../../..');

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

export interface Proc {
  child: ChildProcess;
  port: number;
  url: string;
  log: string;
  stop(): Promise<void>;
}

export async function startProcess(name: string, command: string[], env: Record<string, string>, port: number, workDir: string, ready: () => Promise<boolean>): Promise<Proc> {
  const log = join(workDir, `${name}.log`);
  const out = createWriteStream(log);
  const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  let exited = false;
  child.on('exit', () => (exited = true));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`${name} exited during start; see ${log}:\n${readFileSync(log, 'utf8').slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`${name} did not start within 60 s; see ${log}`);
    if (await ready().catch(() => false)) break;
    await sleep(100);
  }
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    log,
    stop: () =>
      new Promise<void>((done) => {
        if (exited) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  };
}

/** CPU time a process has used so far (user + system), in seconds; from /proc, so it counts only that process. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // Fields 14 and 15 of stat (utime, stime), counted here from field 3 (state), in clock ticks of 1/100 s.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export interface Rss {
  peak: number;
  anon: number;
  file: number;
}

/** Peak resident set size (VmHWM) of a process, and what is resident now split into anonymous memory and mapped files, in MB. */
export function rssMb(pid: number): Rss {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { peak: field('VmHWM'), anon: field('RssAnon'), file: field('RssFile') };
}
