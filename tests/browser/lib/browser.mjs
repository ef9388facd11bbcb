// Debian's Chromium driven by playwright-core: launch, phone and desktop
// contexts, per-page checks (console, network, axe-core, layout) and
// screenshots. No browser is ever downloaded: /usr/bin/chromium is used.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

export const SCREENSHOT_DIR = path.resolve(here, '..', 'screenshots');
export const SITE_NAME = 'Bekasi Terbuka';

// Without these Chromium keeps calling home on a machine with no internet.
// Even with the first eight it still looked up update.googleapis.com and
// accounts.google.com (seen with strace), so no host name resolves at all:
// the tests only ever ask for 127.0.0.1.
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--no-pings',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
}

// A cheap Android phone and an ordinary laptop.
export const SIZES = {
  phone: { viewport: { width: 360, height: 800 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
};

export const MIN_TAP_PX = 44;
// Links that move people around the site: the masthead (brand and main
// menu), every nav (breadcrumbs too), and the department cards and
// district chips. Links inside running text are exempt, as in WCAG 2.5.8.
export const TAP_TARGETS = 'header a, nav a, ul.cards a, ul.chips a';

export function newContext(browser, size, javaScriptEnabled) {
  assert.ok(SIZES[size], `unknown size ${size}`);
  return browser.newContext({
    ...SIZES[size],
    javaScriptEnabled,
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
}

// ---- axe-core -------------------------------------------------------------
// The page's CSP is script-src 'self', so addScriptTag (an inline <script>)
// is refused. page.evaluate goes through the DevTools protocol, which CSP
// does not govern, so the library is evaluated there. With JavaScript off,
// evaluation still works but timers never fire, and axe waits on
// setTimeout: a microtask stand-in is put in place first (the page itself
// runs no script in that mode, so nothing else sees it).
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export async function axeAudit(page, { javaScriptEnabled }) {
  if (!javaScriptEnabled) {
    await page.evaluate(() => {
      if (window.__terbukaTimerShim) return;
      window.__terbukaTimerShim = true;
      let next = 0;
      const cancelled = new Set();
      // Zero-delay timers run as microtasks; longer ones are only axe's
      // time-out guards, which must not fire during a synchronous audit.
      window.setTimeout = (fn, ms = 0, ...args) => {
        const id = ++next;
        if (!(ms > 1)) {
          Promise.resolve().then(() => {
            if (!cancelled.has(id) && typeof fn === 'function') fn(...args);
          });
        }
        return id;
      };
      window.clearTimeout = (id) => { cancelled.add(id); };
    });
  }
  const loaded = await page.evaluate(`${AXE_SOURCE}\n;typeof window.axe`);
  assert.equal(loaded, 'object', 'axe-core did not load into the page');
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return {
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
      })),
      passes: r.passes.length,
    };
  }, AXE_TAGS);
}

export function formatViolations(violations) {
  return violations
    .map((v) => [
      `  [${v.impact}] ${v.id}: ${v.help}`,
      `    ${v.helpUrl}`,
      ...v.nodes.map((n) => `    - ${n.target}${n.summary ? `\n      ${n.summary.replace(/\n/g, '\n      ')}` : ''}`),
    ].join('\n'))
    .join('\n');
}

// ---- layout ---------------------------------------------------------------
export async function layoutFacts(page) {
  return page.evaluate((selector) => {
    const doc = document.documentElement;
    const targets = [...document.querySelectorAll(selector)]
      .map((a) => {
        const r = a.getBoundingClientRect();
        const name = (a.innerText || a.textContent || '').trim().replace(/\s+/g, ' ');
        return { name, href: a.getAttribute('href'), width: r.width, height: r.height };
      })
      .filter((t) => t.width > 0 && t.height > 0);
    return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, targets };
  }, TAP_TARGETS);
}

// Problems found on a page, one line each: empty means the page is fine.
export async function layoutProblems(page, size) {
  const problems = [];
  const width = SIZES[size].viewport.width;
  const facts = await layoutFacts(page);
  if (facts.scrollWidth > width) {
    const wide = await page.evaluate((w) => [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > w + 0.5)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`), width);
    problems.push(`horizontal scroll at ${width} px: scrollWidth is ${facts.scrollWidth}; widest: ${wide.join(', ')}`);
  }
  if (size === 'phone') {
    for (const t of facts.targets) {
      if (t.height + 0.01 < MIN_TAP_PX) {
        problems.push(`tap target "${t.name}" (${t.href}) is ${t.height.toFixed(1)} px tall, under ${MIN_TAP_PX} px`);
      }
    }
  }
  return problems;
}

// ---- a watched page -------------------------------------------------------
// Everything a page says went wrong between two checks: console errors,
// uncaught exceptions, failed requests, and responses of 400 and over other
// than documents the test asked for on purpose (the 404 page).
export async function openSession(browser, server, { size, javaScriptEnabled }) {
  const context = await newContext(browser, size, javaScriptEnabled);
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = await context.newPage();
  const seen = [];
  const expectedErrors = new Map(); // url -> status of a deliberate error document

  const deliberate = (url) => expectedErrors.has(url);
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location()?.url || '';
    // Chromium logs "Failed to load resource: ... 404" for the error page
    // itself; that document is the one the test asked for.
    if (/^Failed to load resource: the server responded with a status of (\d+)/.test(msg.text()) && deliberate(where)) return;
    seen.push(`console error: ${msg.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (err) => seen.push(`uncaught exception: ${err.message}`));
  page.on('requestfailed', (req) => seen.push(`request failed: ${req.method()} ${req.url()}: ${req.failure()?.errorText}`));
  // Requests still on their way (the favicon comes after 'load'): a check
  // waits for them, so that leaving the page does not cancel one midway.
  const inflight = new Set();
  // An event stream (a live session's) never finishes: not waited for.
  page.on('request', (req) => { if (req.resourceType() !== 'eventsource') inflight.add(req); });
  page.on('requestfinished', (req) => inflight.delete(req));
  page.on('requestfailed', (req) => inflight.delete(req));
  const settle = async () => {
    const deadline = Date.now() + 5_000;
    while (inflight.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    if (inflight.size) seen.push(`requests still pending after 5 s: ${[...inflight].map((r) => r.url()).join(', ')}`);
    inflight.clear();
  };
  page.on('response', (res) => {
    if (res.status() < 400) return;
    const req = res.request();
    if (req.isNavigationRequest() && req.frame() === page.mainFrame() && expectedErrors.get(res.url()) === res.status()) return;
    seen.push(`HTTP ${res.status()} for ${req.resourceType()} ${res.url()}`);
  });

  const s = {
    page,
    context,
    size,
    javaScriptEnabled,
    pagesChecked: 0,
    url: (p) => server.url(p),
    // Declares that this document answers with an error status on purpose.
    expectStatus(p, status) { expectedErrors.set(server.url(p), status); },
    async goto(p, status = 200) {
      if (status !== 200) s.expectStatus(p, status);
      const res = await page.goto(server.url(p), { waitUntil: 'load' });
      assert.ok(res, `no response for ${p}`);
      assert.equal(res.status(), status, `status of ${p}`);
      return res;
    },
    // Follows a link as a person would (a tap on the phone) and waits for
    // the new page to load.
    async follow(locator, p) {
      await locator.waitFor({ state: 'visible' });
      if (size === 'phone') await locator.tap();
      else await locator.click();
      await page.waitForURL(server.url(p));
      await page.waitForLoadState('load');
    },
    async h1() {
      const h1 = page.locator('h1');
      assert.equal(await h1.count(), 1, `exactly one h1 on ${page.url()}`);
      return (await h1.innerText()).trim();
    },
    // The checks every visited page must pass; throws one error listing all
    // that failed.
    async check(label = page.url()) {
      const problems = [];
      await page.waitForLoadState('load');
      const title = await page.title();
      if (!title.includes(SITE_NAME)) problems.push(`title "${title}" does not contain "${SITE_NAME}"`);
      const lang = await page.getAttribute('html', 'lang');
      if (lang !== 'id') problems.push(`<html lang="${lang}">, expected "id"`);
      const { violations } = await axeAudit(page, { javaScriptEnabled });
      if (violations.length) {
        problems.push(`axe-core (${AXE_TAGS.join(', ')}): ${violations.length} violation(s)\n${formatViolations(violations)}`);
      }
      problems.push(...await layoutProblems(page, size));
      await settle();
      problems.push(...s.drain());
      s.pagesChecked++;
      if (problems.length) {
        assert.fail(`${label} [${size}, JavaScript ${javaScriptEnabled ? 'on' : 'off'}]:\n- ${problems.join('\n- ')}`);
      }
    },
    drain() { return seen.splice(0); },
    async close() { await context.close().catch(() => {}); },
  };
  return s;
}

// ---- screenshots ----------------------------------------------------------
export function slug(text) {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'page';
}

// Full-page PNGs at phone and desktop size of each { url, name }, written as
// NAME-phone.png and NAME-desktop.png; returns the paths.
export async function screenshotPages(browser, shots, { javaScriptEnabled = true } = {}) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const files = [];
  for (const size of Object.keys(SIZES)) {
    const context = await newContext(browser, size, javaScriptEnabled);
    try {
      const page = await context.newPage();
      for (const { url, name } of shots) {
        await page.goto(url, { waitUntil: 'load', timeout: 15_000 });
        const file = path.join(SCREENSHOT_DIR, `${name}-${size}.png`);
        await page.screenshot({ path: file, fullPage: true });
        files.push(file);
      }
    } finally {
      await context.close().catch(() => {});
    }
  }
  return files;
}

// Runs a test body; if it throws, saves phone and desktop screenshots of the
// page it was on before passing the failure on.
export async function withFailureScreenshots(t, browser, session, body) {
  try {
    await body();
  } catch (err) {
    const url = session.page.isClosed() ? '' : session.page.url();
    if (/^https?:/.test(url)) {
      try {
        const files = await screenshotPages(browser, [{ url, name: `failure-${slug(t.name)}` }], { javaScriptEnabled: session.javaScriptEnabled });
        t.diagnostic(`screenshots of ${url}: ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
      } catch (shotErr) {
        t.diagnostic(`could not take failure screenshots: ${shotErr.message}`);
      }
    }
    throw err;
  }
}
