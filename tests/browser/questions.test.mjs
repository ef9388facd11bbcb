// Asking a question in a real browser, on a phone (360 px), with JavaScript
// on and off. With it on, typing a title like one asked before lists that
// question under the field (from /cari/saran.json) and sending goes
// straight through; with it off, the first send comes back with the same
// list on a confirm step and the second send goes through. Both end on
// the new question's page, which passes the per-page checks (axe-core,
// reflow, tap targets, no console errors or failed requests), as do the
// form and the confirm step.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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

function sql(statement) {
  return execFileSync('sqlite3', [server.db, statement], { encoding: 'utf8' }).trim();
}

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

// An official answer changed in the database behind the public record's
// back: its page says so beside the text and links the entry, which still
// holds the text as it was answered.
test('an answer changed behind the record\'s back is flagged on its page', { timeout: 120_000 }, async (t) => {
  const s = await openSession(browser, server, { size: 'phone', javaScriptEnabled: false });
  try {
    await withFailureScreenshots(t, browser, s, async () => {
      const [answer, question] = sql('SELECT id, question_id FROM answers WHERE hidden = 0 ORDER BY id LIMIT 1').split('|');
      const original = sql(`SELECT body FROM answers WHERE id = ${answer}`);
      sql(`UPDATE answers SET body = 'Teks diganti diam-diam.' WHERE id = ${answer}`);
      await s.goto(`/pertanyaan/${question}`);
      const warning = s.page.locator(`#jawaban-${answer} .ledger-mismatch`);
      assert.ok(await warning.isVisible());
      assert.match(await warning.innerText(), /tidak sama dengan Catatan no\. \d+ pada bagian Isi/);
      await s.check('a quietly changed answer');
      const entry = await warning.getByRole('link').getAttribute('href');
      await s.follow(warning.getByRole('link'), entry);
      const text = await s.page.locator('main').innerText();
      assert.ok(!text.includes('Teks diganti diam-diam.') && text.includes(original.split('\n')[0].slice(0, 40)), text.slice(0, 600));
      assert.ok(text.includes('halaman pernyataan ini sekarang tidak sama dengan catatan ini pada bagian Isi'), text.slice(0, 600));
      await s.check('the entry of the quietly changed answer');
    });
  } finally {
    await s.close();
  }
});
