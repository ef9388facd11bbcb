#!/usr/bin/env node
// `make screenshots`: full-page PNGs of the main pages at phone (360 px) and
// desktop (1280 px) size, written to tests/browser/screenshots/, to look at.
// Starts its own server (TERBUKA_BIN, default build/terbuka).
import path from 'node:path';
import { launchBrowser, screenshotPages, slug } from './lib/browser.mjs';
import { repoRoot, startServer } from './lib/server.mjs';

const PAGES = ['/', '/dinas', '/dinas/dinkes', '/dinas/diskominfosantik', '/dinas/kecamatan-babelan',
  '/program', '/pertanyaan', '/pertanyaan/3', '/pertanyaan/62', '/tidak-ada'];

const server = await startServer();
let browser;
let failed = false;
try {
  browser = await launchBrowser();
  const shots = PAGES.map((p) => ({ url: server.url(p), name: p === '/' ? 'home' : slug(p) }));
  for (const f of await screenshotPages(browser, shots)) console.log(path.relative(repoRoot, f));
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  await browser?.close();
  const stopped = await server.stop();
  if (stopped.code !== 0) {
    failed = true;
    console.error(`server exited with ${stopped.code ?? stopped.signal}\n${stopped.log.slice(-4000)}`);
  }
}
process.exit(failed ? 1 : 0);
