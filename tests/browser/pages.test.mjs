// Each kind of page, opened directly at phone and desktop size: the same
// per-page checks as the journey, plus reflow at 320 CSS px (WCAG 1.4.10)
// and the keyboard route into the content (skip link).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, newContext, openSession, SIZES, withFailureScreenshots } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';

// the report card's year is this year in Bekasi (WIB)
const YEAR = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(new Date());

const PAGES = [
  { path: '/', h1: 'Bekasi Terbuka' },
  { path: '/dinas', h1: 'Perangkat Daerah' },
  { path: '/dinas?q=kes', h1: 'Perangkat Daerah' },
  { path: '/dinas/dinkes', h1: 'Dinas Kesehatan' },
  { path: '/dinas/diskominfosantik', h1: 'Dinas Komunikasi, Informatika, Persandian dan Statistik' },
  { path: '/dinas/kecamatan-babelan', h1: 'Kecamatan Babelan' },
  { path: '/dinas/bappeda', h1: 'Badan Perencanaan Pembangunan Daerah' },
  { path: '/program', h1: 'Program perangkat daerah' },
  { path: '/program?status=berjalan&urut=anggaran', h1: 'Program perangkat daerah' },
  { path: '/program/1-peningkatan-jalan-kabupaten-wilayah-utara', h1: 'Peningkatan Jalan Kabupaten Wilayah Utara' },
  { path: '/pertanyaan', h1: 'Pertanyaan Warga' },
  { path: '/pertanyaan?status=terlambat&urut=dukungan', h1: 'Pertanyaan Warga' },
  { path: '/pertanyaan/3', h1: 'Banjir di Desa Sumbersari, warga butuh perahu untuk evakuasi' },
  { path: '/cari', h1: 'Cari' },
  { path: '/cari?q=membangun+jalan', h1: 'Cari' },
  { path: '/cari?q=banjir&jenis=pertanyaan&status=dijawab', h1: 'Cari' },
  { path: '/cari?q=%22NEAR(%2A', h1: 'Cari' },
  { path: '/permohonan', h1: 'Daftar permohonan informasi publik' },
  { path: '/permohonan/baru', h1: 'Ajukan permohonan informasi publik' },
  { path: '/permohonan/maklumat', h1: 'Maklumat pelayanan informasi publik' },
  { path: '/permohonan/tenggat', h1: 'Kalkulator tenggat permohonan informasi' },
  { path: '/permohonan/tenggat?diterima=2026-03-17T16%3A30', h1: 'Kalkulator tenggat permohonan informasi' },
  { path: '/permohonan/tenggat?diterima=2026-12-21T10%3A00', h1: 'Kalkulator tenggat permohonan informasi' },
  { path: '/permohonan/tenggat?diterima=kemarin', h1: 'Kalkulator tenggat permohonan informasi', status: 400 },
  { path: '/laporan', h1: `Rapor layanan publik: ${YEAR}` },
  { path: '/laporan/dinkes?bulan=1', h1: `Dinas Kesehatan: Januari ${YEAR}` },
  { path: '/tidak-ada', h1: 'Halaman tidak ditemukan', status: 404 },
];

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (server) await server.stop();
});

for (const size of Object.keys(SIZES)) {
  test(`every kind of page on ${size}`, { timeout: 120_000 }, async (t) => {
    const s = await openSession(browser, server, { size, javaScriptEnabled: true });
    try {
      await withFailureScreenshots(t, browser, s, async () => {
        for (const p of PAGES) {
          await s.goto(p.path, p.status ?? 200);
          assert.equal(await s.h1(), p.h1, `h1 of ${p.path}`);
          await s.check(p.path);
        }
      });
    } finally {
      await s.close();
    }
  });
}

test('reflow: no horizontal scroll at 320 CSS px (WCAG 1.4.10)', { timeout: 120_000 }, async (t) => {
  const context = await browser.newContext({ ...SIZES.phone, viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  try {
    await withFailureScreenshots(t, browser, { page, javaScriptEnabled: true }, async () => {
      const problems = [];
      for (const p of PAGES) {
        await page.goto(server.url(p.path), { waitUntil: 'load' });
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 320) problems.push(`${p.path}: scrollWidth ${width} > 320`);
      }
      assert.deepEqual(problems, []);
    });
  } finally {
    await context.close();
  }
});

test('keyboard: the first Tab reaches a visible skip link that moves focus to the content', { timeout: 60_000 }, async (t) => {
  const context = await newContext(browser, 'desktop', true);
  const page = await context.newPage();
  try {
    await withFailureScreenshots(t, browser, { page, javaScriptEnabled: true }, async () => {
      await page.goto(server.url('/dinas/dinkes'), { waitUntil: 'load' });
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(() => {
        const el = document.activeElement;
        const r = el.getBoundingClientRect();
        return { text: el.textContent.trim(), href: el.getAttribute('href'), left: r.left, top: r.top, width: r.width, height: r.height };
      });
      assert.equal(skip.text, 'Langsung ke isi');
      assert.equal(skip.href, '#konten');
      assert.ok(skip.left >= 0 && skip.top >= 0 && skip.width > 0 && skip.height >= 24, `skip link is on screen when focused: ${JSON.stringify(skip)}`);
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'konten', 'focus moved to <main id="konten">');
      // The next Tab lands inside the content, past the masthead.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => Boolean(document.activeElement.closest('main'))), true, 'next Tab stays in main');
    });
  } finally {
    await context.close();
  }
});

test('server stops cleanly on SIGTERM', async () => {
  await browser.close();
  browser = null;
  const result = await server.stop();
  server = null;
  assert.equal(result.timedOut, false, 'server did not exit within 10 s of SIGTERM');
  assert.equal(result.signal, null, `server died of signal ${result.signal}\n${result.log}`);
  assert.equal(result.code, 0, `server exit code\n${result.log.slice(-4000)}`);
});
