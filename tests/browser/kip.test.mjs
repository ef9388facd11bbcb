// Then the PPID of the department opens it on the desk (the identity in
// clear for them), sends a refusal without its ground (422, the form
// kept), and then with it; the public page shows the notice.
//
// Filing a formal information request in a real browser on a phone
// (360 px), JavaScript off as on a cheap phone with it disabled: a first
// send with a wrong NIK comes back with the message beside the field and
// everything else kept; the corrected send lands on the receipt, which
// shows the masked NIK and never the full one. Every page passes the
// per-page checks (axe-core, reflow, tap targets, no console errors).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, openSession, withFailureScreenshots } from './lib/browser.mjs';
import { repoRoot, startServer } from './lib/server.mjs';

const PASSWORD = 'kata-sandi-ppid-yang-panjang';

let browser;
let server;

before(async () => {
  browser = await launchBrowser();
  server = await startServer();
  const bin = path.resolve(repoRoot, process.env.TERBUKA_BIN || 'build/terbuka');
  execFileSync(bin, ['user', 'add', '--db', server.db, '--email', 'ppid-dinkes@example.id', '--role', 'ppid',
    '--agency', 'dinkes', '--name', 'Rina PPID'], { input: `${PASSWORD}\n`, stdio: ['pipe', 'ignore', 'pipe'] });
});

after(async () => {
  await browser?.close();
  if (server) await server.stop();
});

async function submitAndWait(s, urlPattern) {
  const button = s.page.locator('form.form button[type=submit]');
  await button.waitFor({ state: 'visible' });
  await Promise.all([s.page.waitForNavigation({ url: urlPattern, waitUntil: 'load' }), button.tap()]);
}

test('filing an information request on a phone', { timeout: 120_000 }, async (t) => {
  const s = await openSession(browser, server, { size: 'phone', javaScriptEnabled: false });
  try {
    await withFailureScreenshots(t, browser, s, async () => {
      await s.goto('/permohonan/baru');
      assert.equal(await s.h1(), 'Ajukan permohonan informasi publik');
      await s.check('/permohonan/baru');
      await s.page.check('#pemohon-perorangan');
      await s.page.fill('#nama', 'Dewi Lestari');
      await s.page.selectOption('#jenis_identitas', 'ktp');
      await s.page.fill('#nomor_identitas', '3216 0645 1290 000');
      await s.page.fill('#alamat', 'Jl. Anggrek 12, Cikarang Utara');
      await s.page.fill('#telepon', '0812 1111 2222');
      await s.page.fill('#email', 'dewi.kip@example.id');
      await s.page.selectOption('#ppid', 'dinkes');
      await s.page.fill('#perihal', 'Jadwal posyandu 2026');
      await s.page.fill('#rincian', 'Jadwal posyandu di Kecamatan Cikarang Utara untuk 2026.');
      await s.page.fill('#tujuan', 'Informasi untuk kader posyandu.');
      await s.page.check('#cara-membaca');
      await s.page.check('#kirim-email');
      s.expectStatus('/permohonan/baru', 422);
      await submitAndWait(s, server.url('/permohonan/baru'));
      assert.ok((await s.page.locator('.field-error').allInnerTexts()).some((x) => x.includes('16 angka')));
      assert.equal(await s.page.inputValue('#perihal'), 'Jadwal posyandu 2026', 'the form is kept');
      assert.ok(await s.page.isChecked('#cara-membaca'));
      await s.check('/permohonan/baru with a wrong NIK');
      await s.page.fill('#nomor_identitas', '3216 0645 1290 0009');
      await submitAndWait(s, /\/permohonan\/\d{4}-\d{6}\?kode=/);
      assert.match(await s.h1(), /^KIP\/\d{4}\/\d{6}$/);
      const text = await s.page.locator('main').innerText();
      assert.ok(text.includes('Tanda bukti permohonan informasi publik'));
      assert.ok(text.includes('\u2022\u2022\u2022\u2022 0009') && !text.includes('3216064512900009'));
      await s.check('the receipt');
      await s.goto('/permohonan');
      assert.ok((await s.page.locator('main').innerText()).includes('Jadwal posyandu 2026'));
      await s.check('/permohonan');
    });
  } finally {
    await s.close();
  }
});

test('the PPID decides it on a phone', { timeout: 120_000 }, async (t) => {
  const s = await openSession(browser, server, { size: 'phone', javaScriptEnabled: false });
  try {
    await withFailureScreenshots(t, browser, s, async () => {
      await s.goto('/masuk');
      await s.page.fill('#email', 'ppid-dinkes@example.id');
      await s.page.fill('#password', PASSWORD);
      const signIn = s.page.getByRole('main').getByRole('button', { name: 'Masuk', exact: true });
      await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }), signIn.tap()]);
      await s.check('signed in'); // and lets the page's late requests (the icon) finish before leaving it
      await s.goto('/ppid');
      assert.equal(await s.h1(), 'Meja PPID: permohonan informasi');
      await s.check('/ppid');
      const first = s.page.locator('main ul.plain a.row-title').first();
      await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }), first.tap()]);
      assert.match(await s.h1(), /^KIP\/\d{4}\/\d{6}$/);
      const url = new URL(s.page.url()).pathname;
      assert.ok(!(await s.page.locator('main').innerText()).includes('3216064512900009'), 'sealed until opened');
      await s.check('the case');
      await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }),
        s.page.getByRole('button', { name: 'Buka identitas pemohon' }).tap()]);
      assert.ok((await s.page.locator('main').innerText()).includes('3216064512900009'), 'the identity, for the PPID');
      await s.check('the case with the identity opened');
      // a document to release, with a name blacked out
      await s.page.fill('#judul', 'Jadwal posyandu 2026');
      await s.page.fill('#teks', 'Posyandu Melati, kader Ibu Sulastri (Jl. Kenanga 3), setiap Selasa pukul 08.00.');
      await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }),
        s.page.getByRole('button', { name: 'Tambah dokumen' }).tap()]);
      await s.page.getByLabel('Teks yang dihitamkan').fill('Ibu Sulastri (Jl. Kenanga 3)');
      await s.page.getByLabel('Dasar pengecualian', { exact: true }).selectOption('h');
      await s.page.getByLabel('Alasan (tampil pada salinan pemohon)').fill('Nama dan alamat rumah kader.');
      await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }),
        s.page.getByRole('button', { name: 'Hitamkan bagian' }).tap()]);
      assert.equal(await s.page.locator('mark.redacted-held').innerText(), 'Ibu Sulastri (Jl. Kenanga 3)');
      await s.check('the case with a blacked-out document');
      await s.page.selectOption('#keputusan', 'ditolak');
      const send = s.page.getByRole('button', { name: 'Kirim pemberitahuan tertulis' });
      s.expectStatus(url, 422);
      await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }), send.tap()]);
      assert.ok((await s.page.locator('.field-error').allInnerTexts()).some((x) => x.includes('Pasal 17')));
      await s.check('the case with a refusal missing its ground');
      await s.page.selectOption('#pengecualian', 'h');
      await s.page.fill('#uji_konsekuensi', 'Jadwal memuat alamat rumah kader; membukanya mengungkap rahasia pribadi.');
      const [decided] = await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }),
        s.page.getByRole('button', { name: 'Kirim pemberitahuan tertulis' }).tap()]);
      assert.equal(decided.status(), 200, await s.page.locator('main').innerText());
      await s.check('the decided case');
      await s.goto(url.replace('/ppid/', '/permohonan/'));
      const notice = await s.page.locator('main').innerText();
      assert.ok(notice.includes('Pasal 17 huruf h') && !notice.includes('3216064512900009'), notice);
      await s.check('the public notice');
    });
  } finally {
    await s.close();
  }
});
