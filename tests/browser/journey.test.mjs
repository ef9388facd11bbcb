// A citizen's journey through the site in a real browser, with JavaScript on
// and off, on a phone and on a desktop. Every page visited passes
// session.check(): no console errors or failed requests, zero axe-core
// violations (WCAG 2.0/2.1 A and AA), no horizontal scroll, 44 px tap
// targets on the phone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openSession, withFailureScreenshots } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (server) await server.stop(); // only if the last test did not
});

for (const javaScriptEnabled of [true, false]) {
  for (const size of ['phone', 'desktop']) {
    test(`journey with JavaScript ${javaScriptEnabled ? 'on' : 'off'} on ${size}`, { timeout: 120_000 }, async (t) => {
      const s = await openSession(browser, server, { size, javaScriptEnabled });
      const { page } = s;
      try {
        await withFailureScreenshots(t, browser, s, async () => {
          // Home.
          await s.goto('/');
          assert.match(await page.title(), /Bekasi Terbuka/);
          assert.equal(await s.h1(), 'Bekasi Terbuka');
          await s.check('home');

          // Main navigation, found by its accessible name.
          const menu = page.getByRole('navigation', { name: 'Menu utama' });
          await s.follow(menu.getByRole('link', { name: 'Perangkat Daerah', exact: true }), '/dinas');
          assert.equal(await s.h1(), 'Perangkat Daerah');
          await s.check('/dinas');

          // A department.
          await s.follow(page.getByRole('link', { name: /^Dinas Kesehatan\b/ }), '/dinas/dinkes');
          assert.equal(await s.h1(), 'Dinas Kesehatan');
          const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
          assert.equal(await crumbs.getByRole('link', { name: 'Perangkat Daerah' }).getAttribute('href'), '/dinas');
          await s.check('/dinas/dinkes');

          // Back home through the brand link in the masthead.
          await s.follow(page.getByRole('banner').getByRole('link', { name: /^Bekasi Terbuka/ }), '/');
          assert.equal(await s.h1(), 'Bekasi Terbuka');
          await s.check('home, again');

          // A kecamatan, from the home page's district list.
          const districts = page.getByRole('region', { name: 'Kecamatan' });
          await s.follow(districts.getByRole('link', { name: 'Babelan', exact: true }), '/dinas/kecamatan-babelan');
          assert.equal(await s.h1(), 'Kecamatan Babelan');
          await s.check('/dinas/kecamatan-babelan');

          // A page that does not exist, and the way back from it.
          await s.goto('/tidak-ada', 404);
          assert.equal(await s.h1(), 'Halaman tidak ditemukan');
          assert.match(await page.title(), /Bekasi Terbuka/);
          await s.check('/tidak-ada (404)');
          await s.follow(page.getByRole('main').getByRole('link', { name: 'Kembali ke beranda' }), '/');
          assert.equal(await s.h1(), 'Bekasi Terbuka');
          await s.check('home, from the 404 page');

          // Anything that went wrong after the last check.
          assert.deepEqual(s.drain(), [], 'problems after the last page');
          t.diagnostic(`${s.pagesChecked} pages checked`);
        });
      } finally {
        await s.close();
      }
    });
  }
}

test('server stops cleanly on SIGTERM', async () => {
  await browser.close();
  browser = null;
  const result = await server.stop();
  server = null;
  assert.equal(result.timedOut, false, 'server did not exit within 10 s of SIGTERM');
  assert.equal(result.signal, null, `server died of signal ${result.signal}\n${result.log}`);
  assert.equal(result.code, 0, `server exit code\n${result.log.slice(-4000)}`);
});
