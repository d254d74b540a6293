import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const WEB_ROOT = join(REPO_ROOT, 'dist/web');
const BUILT_INDEX = join(WEB_ROOT, 'index.html');
const LOCK = join(REPO_ROOT, 'dist/.web-build.lock');
const STALE_LOCK_MS = 120_000;

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when dist/web is missing or older than anything in src/web or the Vite config. */
export function webBuildIsStale(): boolean {
  if (!existsSync(BUILT_INDEX)) return true;
  const sources = Math.max(newestMtime(join(REPO_ROOT, 'src/web')), newestMtime(join(REPO_ROOT, 'vite.config.ts')));
  return statSync(BUILT_INDEX).mtimeMs < sources;
}

/**
 * Builds the web UI when it is missing or stale, so browser tests always
 * drive the current UI (on a fresh checkout and after UI edits). Test files
 * run in parallel workers: a lock directory makes one build and the others wait.
 */
export async function ensureWebBuild(): Promise<void> {
  if (!webBuildIsStale()) return;
  mkdirSync(dirname(LOCK), { recursive: true });
  const deadline = Date.now() + STALE_LOCK_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Someone else is building; a lock left behind by a killed run is cleared after a while.
      const lockedAt = statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - lockedAt > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('Timed out waiting for another process to build the web UI.');
      await new Promise((done) => setTimeout(done, 250));
    }
  }
  try {
    if (!webBuildIsStale()) return;
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.config.ts', '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      // Vitest sets NODE_ENV=test, which would give a development build of React.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: 120_000,
    });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
