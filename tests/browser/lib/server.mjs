// Starts the real terbuka binary on a free loopback port with the demo data
// in a throwaway database, and stops it with SIGTERM.
//   TERBUKA_BIN  the binary (default build/terbuka, relative to the repo root)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function healthy(base) {
  try {
    const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function startOnce() {
  const bin = path.resolve(repoRoot, process.env.TERBUKA_BIN || 'build/terbuka');
  const dir = mkdtempSync(path.join(tmpdir(), 'terbuka-browser-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(
    bin,
    ['serve', '--demo', '--listen', `127.0.0.1:${port}`, '--db', path.join(dir, 'b.db'), '--share', repoRoot],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const keep = (chunk) => {
    log += chunk;
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const exited = new Promise((resolve) => {
    child.on('error', (err) => { keep(`spawn ${bin}: ${err.message}\n`); resolve({ code: null, signal: null, error: err }); });
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  let gone = null;
  exited.then((r) => { gone = r; });

  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && !gone) {
    if (await healthy(base)) {
      return {
        base,
        port,
        db: path.join(dir, 'b.db'), // for tests that set up rows with the sqlite3 shell
        log: () => log,
        url: (p) => new URL(p, base).href,
        // SIGTERM, then wait (10 s at most) for the exit status.
        async stop() {
          if (!gone) child.kill('SIGTERM');
          let timer;
          const result = await Promise.race([
            exited,
            new Promise((r) => { timer = setTimeout(() => r(null), 10_000); }),
          ]);
          clearTimeout(timer);
          if (result === null) {
            child.kill('SIGKILL');
            await exited;
            rmSync(dir, { recursive: true, force: true });
            return { code: null, signal: 'SIGKILL', timedOut: true, log };
          }
          rmSync(dir, { recursive: true, force: true });
          return { ...result, timedOut: false, log };
        },
      };
    }
    await sleep(50);
  }
  if (!gone) {
    child.kill('SIGKILL');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
  const why = gone ? `exited (code ${gone.code}, signal ${gone.signal})` : 'never answered /healthz within 15 s';
  const err = new Error(`terbuka server ${why}\n--- server log ---\n${log}`);
  err.portInUse = /address already in use|EADDRINUSE|bind/i.test(log);
  throw err;
}

// A port picked as free can be taken before the server binds it: try again.
export async function startServer() {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce();
    } catch (err) {
      if (!err.portInUse || attempt >= 3) throw err;
    }
  }
}
