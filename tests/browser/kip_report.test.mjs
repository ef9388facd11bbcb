// The annual public information service report (Pasal 12 UU 14/2008) in a
// real browser: a resident on a phone (360 px, JavaScript off) finds it
// from the register, chooses a department and reads its figures and the
// list of requests; the department's PPID writes the report's parts,
// sends them incomplete first (422, the message beside each field and
// what was typed kept), then complete; the public report shows them. A
// journalist's desktop with JavaScript on reads the whole government's.
// Every page passes the per-page checks (axe-core, reflow, tap targets,
// no console errors).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, openSession, withFailureScreenshots } from './lib/browser.mjs';
import { repoRoot, startServer } from './lib/server.mjs';

const PASSWORD = 'kata-sandi-laporan-yang-panjang';

let browser;
let server;

// Files a request the way a browser's form does (its form token and cookie).
async function fileRequest(subject) {
  const page = await fetch(server.url('/permohonan/baru.json'));
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrf_token: csrf } = await page.json();
  const form = new URLSearchParams({
    csrf, kunci: `laporan-${subject}`, jenis_pemohon: 'perorangan', nama: 'Bayu Saputra', jenis_identitas: 'ktp',
    nomor_identitas: '3216064512900009', alamat: 'Jl. Kenanga 3, Tambun', telepon: '0812 3333 4444',
    email: 'bayu.kip@example.id', pekerjaan: 'Wartawan', ppid: 'dinkes', perihal: subject,
    rincian: 'Rincian permohonan uji laporan.', tujuan: 'Liputan.', memperoleh_membaca: '1', cara_mendapatkan: 'email',
  });
  const res = await fetch(server.url('/permohonan/baru'), {
    method: 'POST', body: form, redirect: 'manual', headers: { cookie },
  });
  assert.equal(res.status, 303, await res.text());
}

before(async () => {
  browser = await launchBrowser();
  server = await startServer();
  const bin = path.resolve(repoRoot, process.env.TERBUKA_BIN || 'build/terbuka');
  execFileSync(bin, ['user', 'add', '--db', server.db, '--email', 'ppid-laporan@example.id', '--role', 'ppid',
    '--agency', 'dinkes', '--name', 'Sari PPID'], { input: `${PASSWORD}\n`, stdio: ['pipe', 'ignore', 'pipe'] });
  await fileRequest('Data gizi balita');
  await fileRequest('Anggaran puskesmas');
});

after(async () => {
  await browser?.close();
  if (server) await server.stop();
});

test('a resident reads a department\'s report on a phone', { timeout: 120_000 }, async (t) => {
  const s = await openSession(browser, server, { size: 'phone', javaScriptEnabled: false });
  try {
    await withFailureScreenshots(t, browser, s, async () => {
      await s.goto('/permohonan');
      await s.follow(s.page.getByRole('link', { name: 'Laporan tahunan layanan informasi publik' }), '/permohonan/laporan');
      assert.match(await s.h1(), /^Laporan layanan informasi publik \d{4}$/);
      await s.check('/permohonan/laporan');
      await s.page.selectOption('#dinas', 'dinkes');
      await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }),
        s.page.getByRole('button', { name: 'Tampilkan' }).tap()]);
      assert.match(s.page.url(), /\/permohonan\/laporan\?tahun=\d{4}&dinas=dinkes$/);
      const text = await s.page.locator('main').innerText();
      assert.ok(text.includes('Dinas Kesehatan') && text.includes('Permohonan diterima'), text);
      assert.ok(text.includes('Tidak tercatat di sistem'), 'disputes are not invented');
      assert.ok(!text.includes('Bayu Saputra') && !text.includes('3216064512900009'), 'never the requester');
      await s.check('/permohonan/laporan?dinas=dinkes');
    });
  } finally {
    await s.close();
  }
});

test('the PPID writes the report\'s parts', { timeout: 120_000 }, async (t) => {
  const s = await openSession(browser, server, { size: 'phone', javaScriptEnabled: false });
  try {
    await withFailureScreenshots(t, browser, s, async () => {
      await s.goto('/masuk');
      await s.page.fill('#email', 'ppid-laporan@example.id');
      await s.page.fill('#password', PASSWORD);
      const signIn = s.page.getByRole('main').getByRole('button', { name: 'Masuk', exact: true });
      await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }), signIn.tap()]);
      await s.check('signed in');
      await s.goto('/ppid');
      const link = s.page.getByRole('link', { name: 'Tulis laporan layanan informasi publik' });
      await link.waitFor({ state: 'visible' });
      await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }), link.tap()]);
      assert.match(await s.h1(), /^Tulis laporan layanan informasi publik \d{4}$/);
      await s.check('/ppid/laporan');
      await s.page.fill('#kebijakan', 'SK Kepala Dinas tentang layanan informasi.');
      const save = s.page.getByRole('button', { name: 'Simpan uraian' });
      s.expectStatus('/ppid/laporan', 422);
      await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }), save.tap()]);
      assert.ok((await s.page.locator('.field-error').allInnerTexts()).some((x) => x.includes('sarana')));
      assert.equal(await s.page.inputValue('#kebijakan'), 'SK Kepala Dinas tentang layanan informasi.');
      await s.check('/ppid/laporan, incomplete');
      await s.page.fill('#sarana', 'Meja layanan di lobi dinas.');
      await s.page.fill('#sdm', 'Dua petugas layanan informasi.');
      await s.page.fill('#kendala', 'Arsip puskesmas belum digital.');
      await s.page.fill('#rekomendasi', 'Digitalisasi arsip puskesmas tahun depan.');
      await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }),
        s.page.getByRole('button', { name: 'Simpan uraian' }).tap()]);
      assert.match(s.page.url(), /pesan=tersimpan/);
      await s.check('/ppid/laporan, saved');
      await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }),
        s.page.getByRole('main').getByRole('link', { name: 'Lihat laporan publik' }).first().tap()]);
      assert.match(s.page.url(), /\/permohonan\/laporan\?tahun=\d{4}&dinas=dinkes$/);
      const text = await s.page.locator('main').innerText();
      assert.ok(text.includes('Digitalisasi arsip puskesmas tahun depan.') && text.includes('Sari PPID'), text);
      await s.check('the public report with its parts');
    });
  } finally {
    await s.close();
  }
});

test('a journalist reads the whole government\'s report on a desktop', { timeout: 120_000 }, async (t) => {
  const s = await openSession(browser, server, { size: 'desktop', javaScriptEnabled: true });
  try {
    await withFailureScreenshots(t, browser, s, async () => {
      await s.goto('/permohonan/laporan');
      const text = await s.page.locator('main').innerText();
      assert.ok(text.includes('Ringkasan per PPID') && text.includes('Jumlah seluruh PPID'), text);
      assert.ok(text.includes('Data gizi balita') === false, 'the list shows numbers, not subjects');
      await s.check('/permohonan/laporan on a desktop');
    });
  } finally {
    await s.close();
  }
});
