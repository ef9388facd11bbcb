// The Daftar Informasi Publik in a real browser. A resident on a phone
// (360 px, JavaScript off) searches the public list with an Indonesian word
// in another form than it is written ("kesehatannya" finds "Profil
// Kesehatan"), narrows it to a category, opens an item and an exempt one
// (its ground shown, no documents). A department's PPID on a desktop, with
// JavaScript on, adds an item: sent with no title it comes back with the
// error summary and what was typed kept; corrected, it is listed publicly.
// Every page passes the per-page checks (axe-core, reflow, tap targets, no
// console errors or failed requests).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, openSession, withFailureScreenshots } from './lib/browser.mjs';
import { repoRoot, startServer } from './lib/server.mjs';

const PASSWORD = 'kata-sandi-ppid-dip-panjang';

let browser;
let server;

before(async () => {
  browser = await launchBrowser();
  server = await startServer();
  const bin = path.resolve(repoRoot, process.env.TERBUKA_BIN || 'build/terbuka');
  execFileSync(bin, ['user', 'add', '--db', server.db, '--email', 'ppid-dip@example.id', '--role', 'ppid',
    '--agency', 'dinkes', '--name', 'Sari PPID'], { input: `${PASSWORD}\n`, stdio: ['pipe', 'ignore', 'pipe'] });
});

after(async () => {
  await browser?.close();
  if (server) await server.stop();
});

test('searching the public list on a phone', { timeout: 120_000 }, async (t) => {
  const s = await openSession(browser, server, { size: 'phone', javaScriptEnabled: false });
  try {
    await withFailureScreenshots(t, browser, s, async () => {
      await s.goto('/permohonan/baru');
      await s.follow(s.page.getByRole('link', { name: 'Cari di Daftar Informasi Publik' }), '/dip');
      assert.equal(await s.h1(), 'Daftar Informasi Publik');
      await s.check('/dip');
      await s.page.fill('#q', 'kesehatannya');
      await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }),
        s.page.getByRole('button', { name: 'Terapkan' }).tap()]);
      const found = await s.page.locator('main ul.rows a.row-title').allInnerTexts();
      assert.ok(found.includes('Profil Kesehatan Kabupaten Bekasi Tahun 2025'), found.join(' | '));
      assert.equal(await s.page.inputValue('#q'), 'kesehatannya', 'the search is kept');
      await s.check('/dip?q=kesehatannya');
      await s.page.fill('#q', '');
      await s.page.selectOption('#f-kategori', 'dikecualikan');
      await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }),
        s.page.getByRole('button', { name: 'Terapkan' }).tap()]);
      const exempt = await s.page.locator('main ul.rows a.row-title').allInnerTexts();
      assert.ok(exempt.includes('Rekam medis pasien puskesmas') && !exempt.includes('Profil Kesehatan Kabupaten Bekasi Tahun 2025'),
        exempt.join(' | '));
      await s.check('/dip filtered');
      await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }),
        s.page.getByRole('link', { name: 'Rekam medis pasien puskesmas' }).tap()]);
      assert.equal(await s.h1(), 'Rekam medis pasien puskesmas');
      const text = await s.page.locator('main').innerText();
      assert.ok(text.includes('Pasal 17 huruf h') && text.includes('Dokumennya tidak dipublikasikan'), text);
      await s.check('an exempt item');
    });
  } finally {
    await s.close();
  }
});

test('a PPID adds an item on a desktop', { timeout: 120_000 }, async (t) => {
  const s = await openSession(browser, server, { size: 'desktop', javaScriptEnabled: true });
  try {
    await withFailureScreenshots(t, browser, s, async () => {
      await s.goto('/masuk');
      await s.page.fill('#email', 'ppid-dip@example.id');
      await s.page.fill('#password', PASSWORD);
      const signIn = s.page.getByRole('main').getByRole('button', { name: 'Masuk', exact: true });
      await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }), signIn.click()]);
      await s.check('signed in');
      await s.goto('/ppid');
      await s.follow(s.page.getByRole('main').getByRole('link', { name: 'Daftar Informasi Publik PPID' }), '/ppid/dip');
      assert.equal(await s.h1(), 'Daftar Informasi Publik PPID');
      await s.check('/ppid/dip');
      await s.follow(s.page.getByRole('link', { name: 'Tambah informasi publik' }), '/ppid/dip/baru');
      await s.check('/ppid/dip/baru');
      await s.page.selectOption('#kategori', 'berkala');
      await s.page.fill('#ringkasan', 'Jadwal dan lokasi vaksinasi HPV untuk siswi SD kelas 5 dan 6.');
      await s.page.fill('#pejabat', 'Kepala Seksi Imunisasi');
      await s.page.selectOption('#format', 'softcopy');
      await s.page.fill('#retensi', '2 tahun');
      await s.page.fill('#tahun', '2026');
      const add = s.page.getByRole('button', { name: 'Tambahkan' });
      s.expectStatus('/ppid/dip/baru', 422);
      await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }), add.click()]);
      assert.ok((await s.page.locator('.error-summary').innerText()).includes('Isi judul informasi.'));
      assert.equal(await s.page.inputValue('#pejabat'), 'Kepala Seksi Imunisasi', 'the form is kept');
      await s.check('/ppid/dip/baru without a title');
      await s.page.fill('#judul', 'Jadwal vaksinasi HPV sekolah dasar 2026');
      await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }),
        s.page.getByRole('button', { name: 'Tambahkan' }).click()]);
      assert.match(new URL(s.page.url()).pathname, /^\/ppid\/dip\/\d+$/);
      assert.ok((await s.page.locator('.flash').innerText()).includes('ditambahkan'));
      await s.check('the item added');
      await s.goto('/dip?dinas=dinkes');
      assert.ok((await s.page.locator('main ul.rows').innerText()).includes('Jadwal vaksinasi HPV sekolah dasar 2026'));
      await s.check('/dip?dinas=dinkes');
    });
  } finally {
    await s.close();
  }
});
