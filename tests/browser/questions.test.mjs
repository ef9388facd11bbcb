// Asking a question in a real browser, on a phone (360 px), with JavaScript
// on and off. With it on, typing a title like one asked before lists that
// question under the field (from /cari/saran.json) and sending goes
// straight through; with it off, the first send comes back with the same
// list on a confirm step and the second send goes through. Both end on
// the new question's page, which passes the per-page checks (axe-core,
// reflow, tap targets, no console errors or failed requests), as do the
// form and the confirm step.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openSession, withFailureScreenshots } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';

const PASSWORD = 'kata-sandi-yang-panjang';
// The demo data set has "Banjir di Desa Sumbersari, warga butuh perahu untuk evakuasi".
const TITLE = 'Apakah perahu evakuasi banjir di Sumbersari sudah siap?';

let browser;
let server;

before(async () => {
  browser = await launchBrowser();
  server = await startServer();
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

async function submitAndWait(s, button, urlPattern) {
  await Promise.all([s.page.waitForNavigation({ url: urlPattern, waitUntil: 'load' }), press(s, button)]);
}

async function register(s, email) {
  await s.goto('/daftar');
  await s.page.fill('#email', email);
  await s.page.fill('#name', 'Warga Penanya');
  await s.page.fill('#password', PASSWORD);
  await submitAndWait(s, s.page.locator('form.form button[type=submit]'), /\/akun/);
  await s.check('/akun'); // and lets its late requests (the icon) finish
}

for (const javaScriptEnabled of [true, false]) {
  test(`asking on a phone, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, { timeout: 120_000 }, async (t) => {
    const s = await openSession(browser, server, { size: 'phone', javaScriptEnabled });
    try {
      await withFailureScreenshots(t, browser, s, async () => {
        await register(s, `penanya-${javaScriptEnabled ? 'js' : 'nojs'}@example.id`);
        await s.goto('/tanya');
        assert.equal(await s.h1(), 'Ajukan pertanyaan');
        await s.check('/tanya');
        await s.page.fill('#judul', TITLE);
        await s.page.fill('#isi', 'Musim hujan sudah mulai. Mohon informasinya.');
        await s.page.selectOption('#dinas', 'bpbd');
        const send = s.page.locator('form.form button[type=submit]');
        if (javaScriptEnabled) {
          const suggestion = s.page.locator('#saran a', { hasText: 'Sumbersari' });
          await suggestion.first().waitFor({ state: 'visible' });
          await submitAndWait(s, send, /\/pertanyaan\/\d+/);
        } else {
          await submitAndWait(s, send, server.url('/tanya'));
          const similar = s.page.locator('#serupa');
          assert.equal(await similar.count(), 1, 'the confirm step lists similar questions');
          assert.ok((await s.page.locator('section.notice a').allInnerTexts()).some((x) => x.includes('Sumbersari')));
          await s.check('/tanya, confirm step');
          await submitAndWait(s, s.page.locator('form.form button[type=submit]'), /\/pertanyaan\/\d+/);
        }
        assert.equal(await s.h1(), TITLE);
        await s.check('the new question');
      });
    } finally {
      await s.close();
    }
  });
}
