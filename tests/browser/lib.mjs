// lib.mjs — shared helpers of the browser tests: launching Debian's chromium through playwright-core, checks.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.AMICUS_CHROMIUM || '/usr/bin/chromium';

// A fresh headless chromium with everything that would reach the network switched off.
// (playwright gives every launch a new empty profile directory of its own: --user-data-dir.)
export async function launch() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const close = async () => {
    await browser.close().catch(() => {});
  };
  return { browser, close };
}

// A page for a file:// document: every request that is not a file is aborted and recorded in
// `attempted`; console errors and warnings (CSP violations among them) and page errors go to
// `problems`.
export async function offlinePage(browser, viewport) {
  const context = await browser.newContext({ viewport });
  const attempted = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file://')) return route.continue();
    attempted.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('request', (r) => { if (!r.url().startsWith('file://')) attempted.push(r.url()); });
  return { context, page, attempted, problems };
}

let failures = 0;
export function check(cond, what) {
  if (cond) console.log(`ok:   ${what}`);
  else { console.log(`FAIL: ${what}`); failures++; }
}
export function failed() { return failures; }

// What an offlinePage recorded, checked once at the end of a test: no request left the machine,
// nothing went to the console.
export function checkOffline({ attempted, problems }) {
  check(attempted.length === 0, `no network request attempted (${attempted.join(', ') || 'none'})`);
  check(problems.length === 0, `no console error or CSP violation (${problems.join(' | ') || 'none'})`);
}
