// The webhook pages (/admin/webhook) in a real browser, on a phone (360 px)
// and a desktop, with JavaScript on and off: the list with its form, a
// refused address (422, the error summary linking to the field,
// aria-invalid, what was typed kept), a new endpoint's page with its
// secret shown once, and an endpoint's delivery log (rows planted with the
// sqlite3 shell: a failed attempt and a delivered one). Every page passes
// the per-page checks (axe-core, reflow, tap targets, no console errors
// or failed requests). The admin is made with `terbuka user add`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, openSession, SIZES, withFailureScreenshots } from './lib/browser.mjs';
import { repoRoot, startServer } from './lib/server.mjs';

const PASSWORD = 'kata-sandi-yang-panjang';
const EMAIL = 'admin-webhook@example.id';

let browser;
let server;

before(async () => {
  browser = await launchBrowser();
  server = await startServer();
  const bin = path.resolve(repoRoot, process.env.TERBUKA_BIN || 'build/terbuka');
  execFileSync(bin, ['user', 'add', '--db', server.db, '--email', EMAIL, '--role', 'admin'],
    { input: `${PASSWORD}\n`, stdio: ['pipe', 'ignore', 'pipe'] });
});

after(async () => {
  await browser?.close();
  if (server) await server.stop();
});

function sql(statement) {
  return execFileSync('sqlite3', [server.db, statement], { encoding: 'utf8' }).trim();
}

async function press(s, locator) {
  await locator.waitFor({ state: 'visible' });
  if (s.size === 'phone') await locator.tap();
  else await locator.click();
}

async function submitAndWait(s, button, url) {
  await Promise.all([s.page.waitForNavigation({ url, waitUntil: 'load' }), press(s, button)]);
}

async function signIn(s) {
  await s.goto('/masuk');
  await s.page.fill('#email', EMAIL);
  await s.page.fill('#password', PASSWORD);
  await submitAndWait(s, s.page.getByRole('main').getByRole('button', { name: 'Masuk', exact: true }), /\/akun|\/$/);
  await s.page.waitForLoadState('networkidle');
}

// A delivery of endpoint id that failed once (HTTP 500) and then arrived.
function plantDelivery(id, n) {
  const uid = `${n}`.padStart(32, 'a');
  sql(`INSERT INTO webhook_deliveries (endpoint_id, uid, event, body, status, attempts, last_code, created_at, updated_at, delivered_at)
       VALUES (${id}, '${uid}', 'question.answered', '{}', 'delivered', 2, 200, '2026-11-28T02:00:00Z', '2026-11-28T02:01:00Z', '2026-11-28T02:01:00Z')`);
  const did = sql(`SELECT id FROM webhook_deliveries WHERE uid = '${uid}'`);
  sql(`INSERT INTO webhook_attempts (delivery_id, attempt, at, duration_ms, status_code, error) VALUES
       (${did}, 1, '2026-11-28T02:00:00Z', 120, 500, 'HTTP 500'),
       (${did}, 2, '2026-11-28T02:00:30Z', 95, 200, NULL)`);
}

let runs = 0;
for (const javaScriptEnabled of [true, false]) {
  for (const size of Object.keys(SIZES)) {
    const label = `JavaScript ${javaScriptEnabled ? 'on' : 'off'} on ${size}`;
    test(`webhook pages with ${label}`, { timeout: 120_000 }, async (t) => {
      const run = ++runs;
      const s = await openSession(browser, server, { size, javaScriptEnabled });
      const { page } = s;
      const create = () => page.getByRole('button', { name: 'Tambahkan webhook', exact: true });
      try {
        await withFailureScreenshots(t, browser, s, async () => {
          await signIn(s);
          await s.goto('/admin/webhook');
          assert.equal(await s.h1(), 'Webhook');
          await s.check('/admin/webhook');

          // An address that may not hear events: 422, the summary, the field marked, the text kept.
          await page.fill('#url', 'ftp://berkas.bekasikab.go.id/terbuka');
          await page.fill('#keterangan', 'Unggah otomatis ke akun resmi');
          await page.check('#peristiwa-question-answered');
          s.expectStatus('/admin/webhook', 422);
          await submitAndWait(s, create(), server.url('/admin/webhook'));
          const links = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
          assert.deepEqual(links, ['#url']);
          assert.equal(await page.getAttribute('#url', 'aria-invalid'), 'true');
          assert.match(await page.locator('#url-error').innerText(), /https:\/\/ atau http:\/\//);
          assert.equal(await page.inputValue('#url'), 'ftp://berkas.bekasikab.go.id/terbuka');
          assert.equal(await page.isChecked('#peristiwa-question-answered'), true);
          await s.check('/admin/webhook, a refused address');

          // Fixed: the new endpoint's page shows its secret, this once.
          const url = `https://otomasi.bekasikab.go.id/terbuka/${run}?token=${'x'.repeat(80)}`;
          await page.fill('#url', url);
          await submitAndWait(s, create(), server.url('/admin/webhook'));
          assert.equal(await s.h1(), 'Kelola webhook');
          assert.match(await page.inputValue('#rahasia'), /^whsec_[A-Za-z0-9_-]{43}$/);
          await s.check('a new endpoint with its secret');

          // Its page again: the secret is not there; the log shows the attempts.
          const id = sql(`SELECT id FROM webhook_endpoints WHERE url = '${url}'`);
          plantDelivery(id, run);
          await s.goto(`/admin/webhook/${id}`);
          assert.equal(await page.locator('#rahasia').count(), 0);
          const log = await page.locator('section[aria-labelledby="catatan-pengiriman"]').innerText();
          assert.match(log, /Pertanyaan dijawab/);
          assert.match(log, /HTTP 500/);
          assert.match(log, /Terkirim/);
          await s.check(`/admin/webhook/${id}`);
        });
      } finally {
        await s.close();
      }
    });
  }
}
