// report.mjs — the HTML report from file:// in chromium, network blocked: findings, jump to words and back, filters (the concern chart follows them), search, a demand from the address, print, screenshots.
// usage: node report.mjs REPORT.html OUTDIR
import fs from 'node:fs';
import path from 'node:path';
import { launch, offlinePage, check, checkOffline, failed } from './lib.mjs';

const [report, outdir] = process.argv.slice(2);
fs.mkdirSync(outdir, { recursive: true });
const { browser, close } = await launch();
try {
  const { context, page, attempted, problems } = await offlinePage(browser, { width: 1400, height: 1000 });
  await page.goto('file://' + path.resolve(report));

  const nfind = await page.locator('li.f').count();
  check(nfind > 0, `findings listed in the panel (${nfind})`);
  const groups = await page.locator('section.panel .grp').count();
  check(groups > 1, `findings grouped by concern (${groups} groups)`);
  check(await page.locator('ol.demands > li.demand').count() === 6, 'scorecard shows six demands');
  check(await page.locator('svg.chart rect.bar').count() === 7, 'concern chart has seven bars');
  const shown = await page.locator('#shown').textContent();
  check(/^\d+ of \d+ findings shown$/.test(shown), `count shown: "${shown}"`);

  // click a finding in the middle: its words are highlighted, scrolled into view and focused
  const buttons = page.locator('li.f button.go');
  const nb = await buttons.count();
  check(nb > 0, `findings with words in the text (${nb})`);
  const li = buttons.nth(Math.floor(nb / 2)).locator('xpath=ancestor::li[1]');
  const liId = await li.getAttribute('id');
  const quote = ((await li.locator('blockquote').textContent()) || '').replace(/\s+/g, ' ').trim();
  await buttons.nth(Math.floor(nb / 2)).click();
  await page.waitForTimeout(200);
  const focus = await page.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    return { tag: a.tagName, cls: a.className, text: a.textContent, top: r.top, bottom: r.bottom,
             h: window.innerHeight, cur: document.querySelectorAll('mark.hl.cur').length };
  });
  check(focus.tag === 'MARK' && /\bhl\b/.test(focus.cls) && /\bcur\b/.test(focus.cls), `click focuses the highlighted words (${focus.tag}.${focus.cls})`);
  check(focus.top >= 0 && focus.bottom <= focus.h, `the words are scrolled into view (top ${Math.round(focus.top)} of ${focus.h})`);
  const words = focus.text.replace(/\s+/g, ' ').trim();
  check(words.length > 0 && quote.replace(/…$/, '').includes(words.slice(0, Math.min(words.length, 30))),
        `the focused words are the finding's quote ("${words.slice(0, 60)}")`);
  await page.screenshot({ path: path.join(outdir, 'report-finding.png') });
  // and back: Escape on the words returns to the finding
  await page.keyboard.press('Escape');
  const back = await page.evaluate(() => document.activeElement.closest('li.f')?.id);
  check(back === liId, `Escape on the words goes back to the finding (${back})`);
  // clicking the words goes back too
  await page.locator('#' + await li.locator('button.go').getAttribute('aria-controls')).click();
  check(await page.evaluate(() => document.activeElement.closest('li.f')?.id) === liId, 'clicking the words goes back to the finding');

  // filters: severity
  const visible = () => page.locator('li.f:not([hidden])').count();
  // the concern chart counts the risks the filters show: value and bar per concern
  const chart = () => page.evaluate(() => {
    const sec = document.querySelector('section.doc');
    return [...sec.querySelectorAll('svg.chart g[data-c]')].map((g) => {
      const n = sec.querySelectorAll(`li.f[data-k=risk][data-c="${g.dataset.c}"]:not([hidden])`).length;
      const v = +g.querySelector('text.v').textContent, w = +g.querySelector('rect').getAttribute('width');
      return { c: g.dataset.c, n, v, w, off: g.classList.contains('off'), ok: v === n && (n > 0) === (w > 0) };
    });
  });
  const chart0 = await chart();
  check(chart0.every((b) => b.ok) && chart0.some((b) => b.n > 0), `the chart counts the risks shown (${chart0.map((b) => b.c + ' ' + b.v).join(', ')})`);
  const before = await visible();
  const errors = await page.locator('li.f[data-k=risk][data-s=error]').count();
  await page.locator('input[name=s][value=error]').uncheck();
  check(await page.locator('li.f[data-k=risk][data-s=error]:not([hidden])').count() === 0, 'severity filter hides every error');
  check(await visible() === before - errors, `severity filter: ${before} -> ${before - errors} shown`);
  const chart1 = await chart();
  check(chart1.every((b) => b.ok), `the chart follows the severity filter (${chart1.map((b) => b.c + ' ' + b.v).join(', ')})`);
  check(errors === 0 || chart1.reduce((a, b) => a + b.v, 0) < chart0.reduce((a, b) => a + b.v, 0), 'the chart counts fewer risks without errors');
  check(errors === 0 || /Counting the \d+ risks? the filters show \(of \d+\)/.test(await page.locator('section.doc .chart-note').textContent()),
        'the chart says it is filtered');
  const offMarks = await page.evaluate(() => [...document.querySelectorAll('mark.hl.off')].length);
  check(errors === 0 || offMarks > 0, `marks of hidden findings are no longer highlighted (${offMarks})`);
  await page.locator('input[name=s][value=error]').check();
  check(await visible() === before, 'severity filter undone');
  // filters: concern
  const concern = await page.locator('li.f').first().getAttribute('data-c');
  await page.locator(`input[name=c][value=${concern}]`).uncheck();
  check(await page.locator(`li.f[data-c=${concern}]:not([hidden])`).count() === 0, `concern filter hides ${concern}`);
  check(await visible() < before, 'concern filter shows fewer findings');
  const chart2 = (await chart()).find((b) => b.c === concern);
  check(chart2.ok && chart2.v === 0 && chart2.w === 0 && chart2.off, `the chart follows the concern filter (${concern}: 0, greyed)`);
  await page.screenshot({ path: path.join(outdir, 'report-filtered.png') });
  await page.locator(`input[name=c][value=${concern}]`).check();
  check(await visible() === before, 'concern filter undone');
  check(JSON.stringify(await chart()) === JSON.stringify(chart0), 'the chart is back as it was');

  // search in the text
  await page.keyboard.press('/');
  check(await page.evaluate(() => document.activeElement.id) === 'q', '"/" focuses the search box');
  await page.keyboard.type('computer');
  await page.waitForFunction(() => document.querySelectorAll('mark.sr').length > 0, null, { timeout: 5000 });
  const hits = await page.locator('mark.sr').count();
  check(hits > 0, `search marks the matches (${hits})`);
  check(/match 1 of \d+/.test(await page.locator('#sr-status').textContent()), 'search says where it is');
  await page.keyboard.press('Enter');
  check(/match 2 of \d+/.test(await page.locator('#sr-status').textContent()) || hits === 1, 'Enter goes to the next match');
  await page.keyboard.press('Escape');
  check(await page.locator('mark.sr').count() === 0, 'Escape clears the search');

  // keyboard: j moves to a finding
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('j');
  check(await page.evaluate(() => document.activeElement.matches('button.go')), '"j" focuses a finding');

  // accessibility basics
  check(await page.locator('html[lang]').count() === 1, 'the page has a language');
  check(await page.locator('main#main').count() === 1 && await page.locator('a.skip').count() === 1, 'skip link to main');
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input')].filter((i) =>
    !i.labels?.length && !i.getAttribute('aria-label')).length);
  check(unlabelled === 0, 'every input has a label');

  await page.screenshot({ path: path.join(outdir, 'report.png') });
  // print: controls gone, findings before the text; a PDF of the briefing
  await page.emulateMedia({ media: 'print' });
  check(await page.locator('#ctl').isHidden(), 'print hides the controls');
  const order = await page.evaluate(() => {
    const p = document.querySelector('section.panel').getBoundingClientRect().top;
    const t = document.querySelector('section.text').getBoundingClientRect().top;
    return p < t;
  });
  check(order, 'print puts the findings before the text');
  await page.pdf({ path: path.join(outdir, 'report-print.pdf') });
  await page.emulateMedia({ media: 'screen' });

  // a demand named in the address (the matrix's cells link there): highlighted, focused, in view
  await page.goto('file://' + path.resolve(report) + '#d1-dm5');
  await page.waitForTimeout(200);
  const dm = await page.evaluate(() => {
    const t = document.getElementById('d1-dm5'), r = t.getBoundingClientRect();
    return { cur: t.classList.contains('cur'), focused: document.activeElement === t, top: r.top, h: window.innerHeight };
  });
  check(dm.cur && dm.focused && dm.top >= 0 && dm.top < dm.h, `#d1-dm5 opens the report at demand 5, highlighted (top ${Math.round(dm.top)})`);
  await page.evaluate(() => { location.hash = '#d1-dm2'; });
  await page.waitForTimeout(200);
  check(await page.evaluate(() => document.getElementById('d1-dm2').classList.contains('cur') &&
        !document.getElementById('d1-dm5').classList.contains('cur')), 'a new address moves the highlight to demand 2');

  checkOffline({ attempted, problems });
  await context.close();
} finally {
  await close();
}
console.log(`screenshots in ${outdir}`);
process.exit(failed() ? 1 : 0);
