// The holiday calendar's admin pages (/admin/libur) in a real browser, on a
// phone (360 px) and a desktop, with JavaScript on and off: the year page
// with its notices, the next year not loaded yet, the add form sent empty
// (error summary, aria-invalid fields), a day added and its page, an
// iCalendar file imported and its summary, a file refused (400). Every
// page passes the per-page checks (axe-core, reflow, tap targets, no
// console errors or failed requests). The admin is made with `terbuka user
// add` and signs in through /masuk.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, openSession, SIZES, withFailureScreenshots } from './lib/browser.mjs';
import { repoRoot, startServer } from './lib/server.mjs';

const PASSWORD = 'kata-sandi-yang-panjang';

const ICS = [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//uji//ID',
  'BEGIN:VEVENT', 'UID:1@uji', 'DTSTAMP:20260901T000000Z', 'DTSTART;VALUE=DATE:20280101',
  'SUMMARY:Tahun Baru 2028 Masehi', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:2@uji', 'DTSTAMP:20260901T000000Z', 'DTSTART;VALUE=DATE:20280210',
  'DTEND;VALUE=DATE:20280212', 'SUMMARY:Cuti bersama Imlek', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:3@uji', 'DTSTAMP:20260901T000000Z', 'DTSTART:20280301T020000Z',
  'SUMMARY:Rapat', 'END:VEVENT',
  'END:VCALENDAR', '',
].join('\r\n');

let browser;
let server;

before(async () => {
  browser = await launchBrowser();
  server = await startServer();
  const bin = path.resolve(repoRoot, process.env.TERBUKA_BIN || 'build/terbuka');
  execFileSync(bin, ['user', 'add', '--db', server.db, '--email', 'admin-libur@example.id', '--role', 'admin'],
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
  await s.page.fill('#email', 'admin-libur@example.id');
  await s.page.fill('#password', PASSWORD);
  await submitAndWait(s, s.page.getByRole('main').getByRole('button', { name: 'Masuk', exact: true }), /\/akun|\/$/);
  // the page signed in to finishes its own requests (the favicon) before we leave it
  await s.page.waitForLoadState('networkidle');
}

const year = (n) => `/admin/libur?tahun=${n}`;

for (const javaScriptEnabled of [true, false]) {
  for (const size of Object.keys(SIZES)) {
    const label = `JavaScript ${javaScriptEnabled ? 'on' : 'off'} on ${size}`;
    const day = `2030-0${Object.keys(SIZES).indexOf(size) + 1}-1${javaScriptEnabled ? 4 : 5}`;
    test(`holiday calendar pages with ${label}`, { timeout: 120_000 }, async (t) => {
      const s = await openSession(browser, server, { size, javaScriptEnabled });
      const { page } = s;
      try {
        await withFailureScreenshots(t, browser, s, async () => {
          await signIn(s);

          await s.goto(year(2026));
          assert.equal(await s.h1(), 'Kalender hari libur 2026');
          assert.equal(await page.locator('tbody tr').count() >= 25, true);
          await s.check(year(2026));

          // A year with nothing loaded says so.
          await s.goto(year(2029));
          assert.match(await page.getByRole('main').innerText(), /Belum ada hari libur tahun 2029\./);
          await s.check(year(2029));

          // The add form sent empty: 422, a summary, the fields marked.
          s.expectStatus('/admin/libur', 422);
          await submitAndWait(s, page.getByRole('button', { name: 'Tambah hari libur', exact: true }), server.url('/admin/libur'));
          const links = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
          assert.deepEqual(links, ['#tanggal', '#jenis', '#nama']);
          for (const id of ['tanggal', 'jenis', 'nama']) {
            assert.equal(await page.getAttribute(`#${id}`, 'aria-invalid'), 'true', `#${id} is aria-invalid`);
          }
          await s.check('/admin/libur, the add form with errors');

          // A day added; its page.
          await page.fill('#tanggal', day);
          await page.selectOption('#jenis', 'cuti_bersama');
          await page.fill('#nama', `Cuti uji ${label}`);
          await submitAndWait(s, page.getByRole('button', { name: 'Tambah hari libur', exact: true }), /pesan=ditambah/);
          assert.match(await page.locator('.flash').innerText(), /Hari libur sudah ditambahkan/);
          await s.check('after adding a day');
          await s.goto(`/admin/libur/${day}`);
          assert.equal(await s.h1(), 'Ubah hari libur');
          await s.check(`/admin/libur/${day}`);

          // An iCalendar file imported, then one refused.
          await s.goto(year(2026));
          await page.setInputFiles('#berkas', { name: 'libur-2028.ics', mimeType: 'text/calendar', buffer: Buffer.from(ICS) });
          await submitAndWait(s, page.getByRole('button', { name: 'Impor', exact: true }), server.url('/admin/libur/impor'));
          assert.equal(await s.h1(), 'Kalender hari libur 2028');
          assert.match(await page.locator('#hasil-impor').locator('..').innerText(), /dilewati/);
          await s.check('after an import');
          s.expectStatus('/admin/libur/impor', 400);
          await page.setInputFiles('#berkas', { name: 'bukan.ics', mimeType: 'text/calendar', buffer: Buffer.from('<html>halo</html>') });
          await submitAndWait(s, page.getByRole('button', { name: 'Impor', exact: true }), server.url('/admin/libur/impor'));
          assert.match(await page.locator('#berkas-error').innerText(), /bukan kalender iCalendar/);
          await s.check('a file refused');
        });
      } finally {
        await s.close();
      }
    });
  }
}
