// The public report card (/laporan) in a real browser: a resident on a
// phone (360 px, JavaScript off) finds it from the footer, picks a month
// with the form, goes from the ranking to a department's card, and reads
// its figures and a chart's table; a journalist's desktop (JavaScript on)
// opens the downloads. Every page passes the per-page checks (axe-core,
// reflow, tap targets, no console errors).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openSession, withFailureScreenshots } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';

let browser;
let server;

before(async () => {
  browser = await launchBrowser();
  server = await startServer();
  // the first count runs at start-up: wait for it
  for (let i = 0; i < 100; i++) {
    const m = await (await fetch(server.url('/laporan.json'))).json();
    if (m.run) break;
    await new Promise((r) => setTimeout(r, 100));
  }
});

after(async () => {
  await browser?.close();
  if (server) await server.stop();
});

test('a resident reads the report card on a phone', { timeout: 120_000 }, async (t) => {
  const s = await openSession(browser, server, { size: 'phone', javaScriptEnabled: false });
  try {
    await withFailureScreenshots(t, browser, s, async () => {
      await s.goto('/');
      await s.follow(s.page.getByRole('link', { name: 'Rapor layanan perangkat daerah' }), '/laporan');
      assert.match(await s.h1(), /^Rapor layanan publik: \d{4}$/);
      await s.check('/laporan');
      await s.page.selectOption('#bulan', '1');
      await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }),
        s.page.getByRole('button', { name: 'Tampilkan' }).tap()]);
      assert.match(s.page.url(), /\/laporan\?tahun=\d{4}&bulan=1$/);
      assert.match(await s.h1(), /^Rapor layanan publik: Januari \d{4}$/);
      await s.check('/laporan?bulan=1');
      // the year again, then the first department of the ranking
      await s.goto('/laporan');
      const first = s.page.locator('table.ranking tbody tr').first().locator('th a');
      const name = (await first.innerText()).trim();
      await Promise.all([s.page.waitForNavigation({ waitUntil: 'load' }), first.tap()]);
      assert.equal(await s.h1(), `${name}: ${new URL(s.page.url()).searchParams.get('tahun')}`);
      const text = await s.page.locator('main').innerText();
      assert.ok(text.includes('Peringkat 1') && text.includes('Bahan nilai rapor'), text.slice(0, 600));
      // a chart is a picture with a name and its numbers in a table beside
      // it, folded on the page until asked for
      const chart = s.page.getByRole('img', { name: /Pertanyaan diterima dan dijawab per bulan/ });
      assert.equal(await chart.count(), 1);
      const table = s.page.locator('figure.chart table').first();
      assert.ok(!(await table.isVisible()));
      await s.page.locator('figure.chart summary').first().tap();
      assert.ok(await table.isVisible());
      assert.ok(await table.locator('tbody tr').count() >= 1);
      await s.check('a department\'s report card');
    });
  } finally {
    await s.close();
  }
});

test('a journalist downloads the figures on a desktop', { timeout: 120_000 }, async (t) => {
  const s = await openSession(browser, server, { size: 'desktop', javaScriptEnabled: true });
  try {
    await withFailureScreenshots(t, browser, s, async () => {
      await s.goto('/laporan');
      await s.check('/laporan on a desktop');
      const csv = await s.page.getByRole('link', { name: 'Unduh semua angka (CSV)' }).getAttribute('href');
      const res = await fetch(server.url(csv));
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type'), /^text\/csv/);
      const pdf = await s.page.getByRole('link', { name: 'Unduh rapor (PDF)' }).getAttribute('href');
      const body = Buffer.from(await (await fetch(server.url(pdf))).arrayBuffer());
      assert.equal(body.subarray(0, 4).toString(), '%PDF');
    });
  } finally {
    await s.close();
  }
});
