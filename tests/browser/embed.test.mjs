// Embed cards (issue #10; /sematkan/..., handed out by /oembed): a
// question's, a programme's and a session's card on a phone (360 px),
// with JavaScript on and off, pass the per-page checks (axe-core at WCAG
// 2.1 AA, no horizontal scroll, no console errors or failed requests);
// and in a news portal's article (another origin: a small server of the
// test's own on another port) the iframe the oEmbed answer gives shows
// the card, while an ordinary page of the site in a frame is refused by
// the browser (frame-ancestors 'none').
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { launchBrowser, newContext, openSession, withFailureScreenshots } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';

let browser;
let server;
let question;
let session;

function sql(statement) {
  return execFileSync('sqlite3', [server.db, statement], { encoding: 'utf8' }).trim();
}

before(async () => {
  browser = await launchBrowser();
  server = await startServer();
  // the newest official answer's question, as the answers' feed lists it
  const feed = await (await fetch(server.url('/pertanyaan/atom'))).text();
  question = feed.match(/\/pertanyaan\/(\d+)-[a-z0-9-]*#jawaban-/)[1];
  session = sql(`INSERT INTO live_sessions (title, description, starts_at, ends_at, stream_url, allow_anonymous,
      premoderated, state, created_at, updated_at) VALUES ('Tanya Jawab Banjir bersama BPBD dan Dinas Sosial Kabupaten', '',
      '2026-12-10T02:00:00Z', '2026-12-10T04:00:00Z', '', 1, 0, 'terjadwal',
      '2026-11-28T00:00:00Z', '2026-11-28T00:00:00Z') RETURNING id`);
  sql(`INSERT INTO live_session_agencies (session_id, agency_id, position) SELECT ${session}, id, 0 FROM agencies WHERE slug = 'bpbd'`);
});

after(async () => {
  await browser?.close();
  if (server) await server.stop();
});

for (const javaScriptEnabled of [false, true]) {
  test(`the cards on a phone, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, { timeout: 120_000 }, async (t) => {
    const s = await openSession(browser, server, { size: 'phone', javaScriptEnabled });
    try {
      await withFailureScreenshots(t, browser, s, async () => {
        for (const path of [`/sematkan/pertanyaan/${question}`, '/sematkan/program/1', `/sematkan/sesi/${session}`]) {
          await s.goto(path);
          assert.ok((await s.h1()).length > 0, `a title on ${path}`);
          // every link leaves the frame for the site itself
          const targets = await s.page.$$eval('a', (as) => as.map((a) => [a.target, a.rel, a.href]));
          for (const [target, rel, href] of targets) {
            assert.equal(target, '_blank', href);
            assert.equal(rel, 'noopener', href);
            assert.ok(href.startsWith(server.base + '/'), href);
          }
          await s.check(path);
        }
      });
    } finally {
      await s.close();
    }
  });
}

// A news portal's article page with the given HTML in its body.
function portal(body) {
  const srv = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="id"><head><meta name="viewport" content="width=device-width">
      <title>Berita</title><link rel="icon" href="data:,"></head><body><h1>Berita hari ini</h1>${body}</body></html>`);
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(srv)));
}

test('a news portal frames the card oEmbed hands out, and nothing else', { timeout: 120_000 }, async (t) => {
  const pageUrl = server.url(`/pertanyaan/${question}`);
  const oembed = await (await fetch(server.url(`/oembed?format=json&url=${encodeURIComponent(pageUrl)}`))).json();
  assert.equal(oembed.type, 'rich');
  const news = await portal(`${oembed.html}
    <iframe id="biasa" src="${pageUrl}" title="Halaman biasa" width="300" height="200"></iframe>`);
  const context = await newContext(browser, 'phone', true);
  const page = await context.newPage();
  try {
    await withFailureScreenshots(t, browser, { page, javaScriptEnabled: true }, async () => {
      await page.goto(`http://127.0.0.1:${news.address().port}/artikel`, { waitUntil: 'load' });
      const card = page.frames().find((f) => f.url().startsWith(server.url('/sematkan/pertanyaan/')));
      assert.ok(card, `the card's frame: ${page.frames().map((f) => f.url()).join(', ')}`);
      assert.equal(await card.locator('h1').innerText(), oembed.title);
      assert.ok(await card.locator('.embed-foot a').isVisible());
      // the ordinary page is refused: its frame never shows the site's page
      const ordinary = page.frames().filter((f) => f !== page.mainFrame() && f !== card);
      assert.equal(ordinary.length, 1);
      assert.ok(!ordinary[0].url().startsWith(server.base), `an ordinary page was framed: ${ordinary[0].url()}`);
      assert.equal(await ordinary[0].locator('.masthead').count(), 0, 'the site\'s page shows in a frame');
    });
  } finally {
    await context.close().catch(() => {});
    news.close();
  }
});

// In a phone's article column (oEmbed asked for 320 px) and at the card's
// own width (480 px), every card fits the frame oEmbed sizes: nothing
// scrolls inside it (the longest texts are cut at a line, embed.css).
test('each card fits its frame, narrow and wide', { timeout: 120_000 }, async (t) => {
  const frames = [];
  for (const maxwidth of [320, 480]) {
    for (const path of [`/pertanyaan/${question}`, '/program/1', `/sesi/${session}`]) {
      const url = encodeURIComponent(server.url(path));
      const o = await (await fetch(server.url(`/oembed?format=json&maxwidth=${maxwidth}&url=${url}`))).json();
      assert.ok(o.width <= maxwidth, `${path}: ${o.width} wide`);
      frames.push(o.html);
    }
  }
  const news = await portal(frames.join('\n'));
  const context = await newContext(browser, 'desktop', true);
  const page = await context.newPage();
  try {
    await withFailureScreenshots(t, browser, { page, javaScriptEnabled: true }, async () => {
      await page.goto(`http://127.0.0.1:${news.address().port}/artikel`, { waitUntil: 'load' });
      const cards = page.frames().filter((f) => f.url().startsWith(server.url('/sematkan/')));
      assert.equal(cards.length, frames.length);
      for (const card of cards) {
        const [scroll, client, width] = await card.evaluate(() => [document.documentElement.scrollHeight,
          document.documentElement.clientHeight, document.documentElement.clientWidth]);
        assert.ok(scroll <= client, `${card.url()} at ${width} px needs ${scroll} px in a frame of ${client}`);
      }
    });
  } finally {
    await context.close().catch(() => {});
    news.close();
  }
});
