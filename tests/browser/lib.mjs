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

let failures = 0;
export function check(cond, what) {
  if (cond) console.log(`ok:   ${what}`);
  else { console.log(`FAIL: ${what}`); failures++; }
}
export function failed() { return failures; }
