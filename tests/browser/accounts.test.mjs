// The account pages in a real browser, with JavaScript on and off, on a
// phone (360 px) and a desktop: /masuk, /daftar and /lupa-sandi pass the
// same per-page checks as every other page (session.check: axe-core, no
// horizontal scroll, tap targets, no console errors or failed requests);
// /daftar sent empty comes back with an error summary whose links move
// focus to the fields, aria-invalid on them and what was typed kept (never
// the password); a real registration lands on /akun; the masthead's Keluar
// button signs out; signing in again through /masuk (from a protected page)
// leads back to it. Also reflow at 320 CSS px (WCAG 1.4.10) of the same
// pages, error state and /akun included.
//
// Each test starts a server of its own: registration is limited to ten
// form posts an hour per client address, and every browser here is
// 127.0.0.1. No SMTP is needed: without --smtp-host mail goes to the log.
//
// The phone run with JavaScript on also saves screenshots to look at in
// tests/browser/screenshots/: account-masuk-phone.png,
// account-daftar-errors-phone.png and account-akun-phone.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, MIN_TAP_PX, openSession, SCREENSHOT_DIR, SIZES, withFailureScreenshots } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';

const PASSWORD = 'kata-sandi-yang-panjang';

// /daftar last: the flow goes on from there.
const FORM_PAGES = [
  { path: '/masuk', h1: 'Masuk' },
  { path: '/lupa-sandi', h1: 'Lupa kata sandi' },
  { path: '/daftar', h1: 'Daftar akun' },
];

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

// Runs body(server) against a server of its own, which must then stop
// cleanly on SIGTERM.
async function withServer(body) {
  const server = await startServer();
  let stopped = false;
  try {
    await body(server);
    const result = await server.stop();
    stopped = true;
    assert.equal(result.timedOut, false, 'server did not exit within 10 s of SIGTERM');
    assert.equal(result.code, 0, `server exit code (signal ${result.signal})\n${result.log.slice(-4000)}`);
  } finally {
    if (!stopped) await server.stop();
  }
}

// The values of the registration form's fields, and which are aria-invalid.
async function registerFields(page) {
  return page.evaluate(() => Object.fromEntries(['email', 'name', 'password'].map((id) => {
    const el = document.getElementById(id);
    return [id, { value: el.value, invalid: el.getAttribute('aria-invalid') === 'true', describedby: el.getAttribute('aria-describedby') || '' }];
  })));
}

// The error summary: its links' targets and texts; each error message is
// also next to its field (in the field's aria-describedby).
async function errorSummary(page) {
  const summary = page.locator('.error-summary');
  assert.equal(await summary.count(), 1, 'one error summary');
  assert.equal(await summary.getAttribute('role'), 'alert');
  assert.equal((await summary.getByRole('heading', { level: 2 }).innerText()).trim(), 'Ada yang perlu diperbaiki');
  return summary.getByRole('link').evaluateAll((links) => links.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })));
}

async function press(s, locator) {
  await locator.waitFor({ state: 'visible' });
  if (s.size === 'phone') await locator.tap();
  else await locator.click();
}

// Submits a form and waits for the next document (a 303 followed, or the
// same address answering 422) to load at urlPattern. (waitForURL would be
// satisfied at once when the form posts back to the address it is on.)
async function submitAndWait(s, button, urlPattern) {
  await Promise.all([s.page.waitForNavigation({ url: urlPattern, waitUntil: 'load' }), press(s, button)]);
}

// The id of the focused element once it is want (polled from here, as page
// timers do not run with JavaScript off), or whatever it is after 2 s.
async function focusedId(page, want) {
  const deadline = Date.now() + 2_000;
  for (;;) {
    const id = await page.evaluate(() => document.activeElement?.id ?? null);
    if (id === want || Date.now() > deadline) return id;
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function shot(s, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await s.page.screenshot({ path: path.join(SCREENSHOT_DIR, `account-${name}-${s.size}.png`), fullPage: true });
}

for (const javaScriptEnabled of [true, false]) {
  for (const size of Object.keys(SIZES)) {
    const label = `JavaScript ${javaScriptEnabled ? 'on' : 'off'} on ${size}`;
    test(`account pages, registration, sign-out and sign-in with ${label}`, { timeout: 120_000 }, async (t) => {
      await withServer(async (server) => {
        const s = await openSession(browser, server, { size, javaScriptEnabled });
        const { page } = s;
        const screenshots = size === 'phone' && javaScriptEnabled;
        const email = `warga-${size}-js-${javaScriptEnabled ? 'on' : 'off'}@example.id`;
        try {
          await withFailureScreenshots(t, browser, s, async () => {
            // The three form pages, as they first appear. (Each check also
            // waits for the page's last requests, the favicon, so that
            // submitting a form next does not cancel one.)
            for (const p of FORM_PAGES) {
              await s.goto(p.path);
              assert.equal(await s.h1(), p.h1, `h1 of ${p.path}`);
              await s.check(p.path);
              if (screenshots && p.path === '/masuk') await shot(s, 'masuk');
            }

            // /daftar sent empty: 422 with the error summary.
            const submit = page.getByRole('main').getByRole('button', { name: 'Daftar', exact: true });
            s.expectStatus('/daftar', 422);
            await submitAndWait(s, submit, server.url('/daftar'));
            assert.equal(await s.h1(), 'Daftar akun');
            const links = await errorSummary(page);
            assert.deepEqual(links.map((l) => l.href), ['#email', '#name', '#password'], 'one summary link per field, in form order');
            let fields = await registerFields(page);
            for (const [id, f] of Object.entries(fields)) {
              assert.equal(f.invalid, true, `#${id} is aria-invalid`);
              assert.ok(f.describedby.split(' ').includes(`${id}-error`), `#${id} is described by its error: "${f.describedby}"`);
              const message = (await page.locator(`#${id}-error`).innerText()).trim();
              assert.equal(message, links.find((l) => l.href === `#${id}`).text, `#${id}: the summary says what the field says`);
            }
            // Each summary link moves focus to its field.
            for (const l of links) {
              await press(s, page.locator('.error-summary').getByRole('link', { name: l.text }));
              assert.equal(await focusedId(page, l.href.slice(1)), l.href.slice(1), `the summary link "${l.text}" moves focus to ${l.href}`);
            }
            // And by keyboard: Tab to the first link, Enter.
            await page.locator('.error-summary a').first().focus();
            await page.keyboard.press('Enter');
            assert.equal(await focusedId(page, 'email'), 'email', 'Enter on the first summary link focuses #email');
            await s.check('/daftar, sent empty');

            // Typed values come back; the password never does.
            await page.fill('#email', 'bukan-alamat-email');
            await page.fill('#name', 'Warga Uji Coba');
            await page.fill('#password', 'pendek');
            await submitAndWait(s, submit, server.url('/daftar'));
            fields = await registerFields(page);
            assert.equal(fields.email.value, 'bukan-alamat-email', 'email kept');
            assert.equal(fields.name.value, 'Warga Uji Coba', 'name kept');
            assert.equal(fields.password.value, '', 'password not sent back');
            assert.equal(fields.email.invalid, true, '#email still invalid');
            assert.equal(fields.name.invalid, false, '#name is fine now');
            assert.equal(fields.password.invalid, true, '#password too short');
            assert.deepEqual((await errorSummary(page)).map((l) => l.href), ['#email', '#password']);
            assert.equal(await page.locator('input[type=password]').evaluateAll((els) => els.filter((e) => e.value || e.getAttribute('value')).length), 0,
              'no password anywhere in the page');
            await s.check('/daftar, with typed values');
            if (screenshots) await shot(s, 'daftar-errors');

            // A real registration lands on /akun.
            await page.fill('#email', email);
            await page.fill('#name', 'Warga Uji Coba');
            await page.fill('#password', PASSWORD);
            await submitAndWait(s, submit, /\/akun\?pesan=terdaftar$/);
            assert.equal(await s.h1(), 'Akun saya');
            assert.ok((await page.getByRole('main').innerText()).includes(email), 'the account page shows the address');
            assert.equal(await page.getByRole('banner').getByRole('link', { name: 'Masuk' }).count(), 0, 'no "Masuk" in the masthead when signed in');
            await s.check('/akun, just registered');
            if (screenshots) await shot(s, 'akun');

            // The masthead's Keluar button signs out.
            const keluar = page.getByRole('banner').getByRole('button', { name: 'Keluar', exact: true });
            if (size === 'phone') {
              const box = await keluar.boundingBox();
              assert.ok(box && box.height + 0.01 >= MIN_TAP_PX, `the Keluar button is ${box?.height} px tall, under ${MIN_TAP_PX} px`);
            }
            await submitAndWait(s, keluar, /\/\?pesan=keluar$/);
            assert.equal(await s.h1(), 'Bekasi Terbuka');
            assert.equal(await page.getByRole('banner').getByRole('button', { name: 'Keluar' }).count(), 0, 'signed out');
            await s.check('home, signed out');

            // A protected page sends to /masuk, and signing in leads back.
            await page.goto(server.url('/akun'), { waitUntil: 'load' });
            assert.equal(page.url(), server.url('/masuk?lanjut=%2Fakun'));
            assert.equal(await s.h1(), 'Masuk');
            await s.check('/masuk?lanjut=%2Fakun');
            await page.fill('#email', email);
            await page.fill('#password', 'salah-sandi-sekali');
            s.expectStatus('/masuk', 422);
            const masuk = page.getByRole('main').getByRole('button', { name: 'Masuk', exact: true });
            await submitAndWait(s, masuk, server.url('/masuk'));
            assert.equal(await page.inputValue('#email'), email, 'email kept after a wrong password');
            assert.equal(await page.inputValue('#password'), '', 'password not sent back');
            assert.equal(await page.getAttribute('input[name=lanjut]', 'value'), '/akun', 'still going back to /akun');
            await s.check('/masuk, wrong password');
            await page.fill('#password', PASSWORD);
            await submitAndWait(s, masuk, server.url('/akun'));
            assert.equal(await s.h1(), 'Akun saya');
            await s.check('/akun, signed in again');

            assert.deepEqual(s.drain(), [], 'problems after the last page');
            t.diagnostic(`${s.pagesChecked} pages checked`);
          });
        } finally {
          await s.close();
        }
      });
    });
  }
}

test('reflow: the account pages, errors and /akun included, fit 320 CSS px (WCAG 1.4.10)', { timeout: 120_000 }, async (t) => {
  await withServer(async (server) => {
    const context = await browser.newContext({ ...SIZES.phone, viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    try {
      await withFailureScreenshots(t, browser, { page, javaScriptEnabled: true }, async () => {
        const problems = [];
        const measure = async (label) => {
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          if (width > 320) problems.push(`${label}: scrollWidth ${width} > 320`);
        };
        for (const p of FORM_PAGES) {
          await page.goto(server.url(p.path), { waitUntil: 'load' });
          await measure(p.path);
        }
        await page.goto(server.url('/daftar'), { waitUntil: 'load' });
        const submit = page.getByRole('main').getByRole('button', { name: 'Daftar', exact: true });
        await Promise.all([page.waitForNavigation({ url: server.url('/daftar'), waitUntil: 'load' }), submit.click()]);
        await measure('/daftar, sent empty');
        await page.fill('#email', 'sempit@example.id');
        await page.fill('#name', 'Warga Layar Sempit');
        await page.fill('#password', PASSWORD);
        await Promise.all([page.waitForNavigation({ url: /\/akun\?pesan=terdaftar$/, waitUntil: 'load' }), submit.click()]);
        await measure('/akun');
        assert.deepEqual(problems, []);
      });
    } finally {
      await context.close();
    }
  });
});

// Every error summary on the account pages points at the field that is
// wrong: the link's target is the aria-invalid field of the form that was
// sent, and following it moves focus there.
async function summaryProblems(s, formAction) {
  const { page } = s;
  const problems = [];
  const links = await errorSummary(page);
  if (!links.length) problems.push(`${formAction}: an empty error summary`);
  for (const l of links) {
    const target = await page.evaluate(([id, action]) => {
      const el = document.getElementById(id);
      return el && { invalid: el.getAttribute('aria-invalid') === 'true', form: el.form?.getAttribute('action') ?? null };
    }, [l.href.slice(1), formAction]);
    if (!target) problems.push(`${formAction}: "${l.text}" links to ${l.href}, which is not on the page`);
    else if (target.form !== formAction || !target.invalid) {
      problems.push(`${formAction}: "${l.text}" links to ${l.href}, a field of ${target.form} that is ${target.invalid ? '' : 'not '}aria-invalid`);
    } else {
      await press(s, page.locator('.error-summary').getByRole('link', { name: l.text }));
      const id = await focusedId(page, l.href.slice(1));
      if (id !== l.href.slice(1)) problems.push(`${formAction}: "${l.text}" moved focus to #${id}, not ${l.href}`);
    }
  }
  return problems;
}

async function accountFormErrors(t, forms) {
  await withServer(async (server) => {
    const s = await openSession(browser, server, { size: 'phone', javaScriptEnabled: true });
    const { page } = s;
    try {
      await withFailureScreenshots(t, browser, s, async () => {
        // Every page is checked before the next step leaves it: the check
        // waits for its last requests (the favicon), which leaving would cancel.
        await s.goto('/daftar');
        await s.check('/daftar');
        await page.fill('#email', 'ringkasan@example.id');
        await page.fill('#name', 'Warga Ringkasan');
        await page.fill('#password', PASSWORD);
        await submitAndWait(s, page.getByRole('main').getByRole('button', { name: 'Daftar', exact: true }), /\/akun\?pesan=terdaftar$/);
        await s.check('/akun, just registered');
        const problems = [];
        for (const f of forms) {
          await s.goto(f.page);
          await s.check(f.page);
          for (const field of f.clear ?? []) await page.fill(`main form[action="${f.action}"] ${field}`, '');
          s.expectStatus(f.action, 422);
          await submitAndWait(s, page.locator(`main form[action="${f.action}"] button[type=submit]`), server.url(f.action));
          problems.push(...await summaryProblems(s, f.action));
          await s.check(`${f.action}, sent empty`);
        }
        assert.deepEqual(problems, []);
      });
    } finally {
      await s.close();
    }
  });
}

test('account forms sent empty: each summary link focuses the field that is wrong', { timeout: 120_000 }, async (t) => {
  await accountFormErrors(t, [
    { page: '/akun', action: '/akun/nama', clear: ['#name'] },
    { page: '/akun', action: '/akun/sandi' },
    { page: '/akun/hapus', action: '/akun/hapus' },
  ]);
});

// The change-of-address form has a password field of its own (#email_password),
// so its summary must not send focus to the password-change form's field.
test('account forms sent empty: the change-of-address form', { timeout: 120_000 }, async (t) => {
  await accountFormErrors(t, [{ page: '/akun', action: '/akun/email' }]);
});
