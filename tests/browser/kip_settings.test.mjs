// The KIP service's settings (/admin/permohonan) in a real browser, on a
// phone (360 px) and a desktop, with JavaScript on and off: the form with
// the rules in force, a form with wrong fields (422, the error summary
// linking to each, aria-invalid, the text kept), a good save with its
// notice, and the charter showing the new fee. Every page passes the
// per-page checks (axe-core, reflow, tap targets, no console errors or
// failed requests). The admin is made with `terbuka user add` and signs in
// through /masuk.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, openSession, SIZES, withFailureScreenshots } from './lib/browser.mjs';
import { repoRoot, startServer } from './lib/server.mjs';

const PASSWORD = 'kata-sandi-yang-panjang';
const EMAIL = 'admin-layanan@example.id';

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

async function press(s, locator) {
  await locator.waitFor({ state: 'visible' });
  if (s.size === 'phone') await locator.tap();
  else await locator.click();
}

// Submits a form and waits for the next document to load at url.
async function submitAndWait(s, button, url) {
  await Promise.all([s.page.waitForNavigation({ url, waitUntil: 'load' }), press(s, button)]);
}

async function signIn(s) {
  await s.goto('/masuk');
  await s.page.fill('#email', EMAIL);
  await s.page.fill('#password', PASSWORD);
  await submitAndWait(s, s.page.getByRole('main').getByRole('button', { name: 'Masuk', exact: true }), /\/akun|\/$/);
  // the page signed in to finishes its own requests (the favicon) before we leave it
  await s.page.waitForLoadState('networkidle');
}

for (const javaScriptEnabled of [true, false]) {
  for (const size of Object.keys(SIZES)) {
    const label = `JavaScript ${javaScriptEnabled ? 'on' : 'off'} on ${size}`;
    test(`KIP service settings with ${label}`, { timeout: 120_000 }, async (t) => {
      const s = await openSession(browser, server, { size, javaScriptEnabled });
      const { page } = s;
      const save = () => page.getByRole('button', { name: 'Simpan pengaturan', exact: true });
      try {
        await withFailureScreenshots(t, browser, s, async () => {
          await signIn(s);

          await s.goto('/admin/permohonan');
          assert.equal(await s.h1(), 'Pengaturan layanan informasi publik');
          assert.equal(await page.isChecked('#hari_penerimaan'), true, 'day 1 is the default');
          await s.check('/admin/permohonan');

          // Wrong fields: 422, a summary linking to each, the fields marked, the text kept.
          await page.fill('#jam_tutup', '25:00');
          await page.fill('#biaya', 'Fotokopi per lembar: Rp 500\nMap plastik');
          s.expectStatus('/admin/permohonan', 422);
          await submitAndWait(s, save(), server.url('/admin/permohonan'));
          const links = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
          assert.deepEqual(links, ['#jam_tutup', '#biaya']);
          for (const id of ['jam_tutup', 'biaya']) {
            assert.equal(await page.getAttribute(`#${id}`, 'aria-invalid'), 'true', `#${id} is aria-invalid`);
          }
          assert.match(await page.locator('#biaya-error').innerText(), /Baris 2/);
          assert.equal(await page.inputValue('#biaya'), 'Fotokopi per lembar: Rp 500\nMap plastik');
          await s.check('/admin/permohonan, the form with errors');

          // Fixed and saved: the notice, then the charter shows the fee.
          await page.fill('#jam_tutup', '16:00');
          await page.fill('#biaya', `Fotokopi per lembar: Rp 500\nPengiriman ${label}: 15.000`);
          await submitAndWait(s, save(), /pesan=disimpan/);
          assert.match(await page.locator('.flash').innerText(), /Pengaturan sudah disimpan/);
          await s.check('after saving');
          await s.goto('/permohonan/maklumat');
          assert.match(await page.getByRole('main').innerText(), new RegExp(`Pengiriman ${label}: Rp 15\\.000`));
        });
      } finally {
        await s.close();
      }
    });
  }
}
