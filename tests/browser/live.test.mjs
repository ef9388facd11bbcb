// A live session in a real browser on a phone (360 px): with JavaScript
// on, a question another participant sends appears on the page without a
// reload (Server-Sent Events); with it off, the page is plain forms: send
// a question, see it after the redirect, vote. The presenter screen and
// the overlay render the pinned question. Every page passes the per-page
// checks (axe-core, reflow, tap targets, no console errors or failed
// requests).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { launchBrowser, openSession, withFailureScreenshots } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';

let browser;
let server;
let session;

function sql(statement) {
  return execFileSync('sqlite3', [server.db, statement], { encoding: 'utf8' }).trim();
}

before(async () => {
  browser = await launchBrowser();
  server = await startServer();
  session = sql(`INSERT INTO live_sessions (title, description, starts_at, ends_at, stream_url, allow_anonymous,
      premoderated, state, created_at, updated_at) VALUES ('Tanya Jawab Banjir bersama BPBD', 'Siaran langsung.',
      '2026-12-10T02:00:00Z', '2026-12-10T04:00:00Z', 'https://www.youtube.com/watch?v=contoh', 1, 0,
      'berlangsung', '2026-11-28T00:00:00Z', '2026-11-28T00:00:00Z') RETURNING id`);
  sql(`INSERT INTO live_session_agencies (session_id, agency_id) SELECT ${session}, id FROM agencies WHERE slug = 'bpbd'`);
});

after(async () => {
  await browser?.close();
  if (server) await server.stop();
});

async function send(s, text) {
  await s.page.fill('#isi-sesi', text);
  await Promise.all([
    s.page.waitForNavigation({ url: /pesan=sesi_terkirim/, waitUntil: 'load' }),
    s.page.locator('#kirim-pertanyaan button[type=submit]').tap(),
  ]);
}

test('a question from someone else appears live (JavaScript on)', { timeout: 120_000 }, async (t) => {
  const watcher = await openSession(browser, server, { size: 'phone', javaScriptEnabled: true });
  const sender = await openSession(browser, server, { size: 'phone', javaScriptEnabled: false });
  try {
    await withFailureScreenshots(t, browser, watcher, async () => {
      await watcher.goto(`/sesi/${session}`);
      assert.equal(await watcher.h1(), 'Tanya Jawab Banjir bersama BPBD');
      await watcher.check(`/sesi/${session}`);
      await sender.goto(`/sesi/${session}`);
      await send(sender, 'Kapan perahu karet dikirim ke Desa Sumbersari?');
      await sender.check('after sending');
      const live = watcher.page.locator('#daftar-pertanyaan li', { hasText: 'Kapan perahu karet dikirim' });
      await live.waitFor({ state: 'visible', timeout: 10_000 });
      await watcher.check(`/sesi/${session}, updated live`);
    });
  } finally {
    await watcher.close();
    await sender.close();
  }
});

test('plain forms without JavaScript; the screen and the overlay', { timeout: 120_000 }, async (t) => {
  const s = await openSession(browser, server, { size: 'phone', javaScriptEnabled: false });
  try {
    await withFailureScreenshots(t, browser, s, async () => {
      await s.goto(`/sesi/${session}`);
      await send(s, 'Di mana posko pengungsian terdekat?');
      const item = s.page.locator('#daftar-pertanyaan li', { hasText: 'Di mana posko pengungsian' });
      assert.equal(await item.count(), 1);
      await Promise.all([
        s.page.waitForNavigation({ url: /pesan=sesi_didukung/, waitUntil: 'load' }),
        item.locator('button[type=submit]').tap(),
      ]);
      assert.equal(await s.page.locator('#daftar-pertanyaan li', { hasText: 'Di mana posko pengungsian' }).locator('.votes').innerText(), '1');
      await s.check('after voting');
      const id = sql(`SELECT id FROM live_questions WHERE body LIKE 'Di mana posko%'`);
      sql(`UPDATE live_sessions SET current_id = ${id} WHERE id = ${session}`);
      for (const view of ['layar', 'overlay']) {
        await s.goto(`/sesi/${session}/${view}`);
        assert.ok((await s.page.locator('#sekarang').innerText()).includes('Di mana posko pengungsian terdekat?'));
      }
    });
  } finally {
    await s.close();
  }
});
