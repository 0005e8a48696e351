// matrix.mjs — the matrix heatmap from file:// in chromium, network blocked: rows and statuses, sorting, filters and totals, keyboard, a cell link opening the report at its demand, print, screenshots.
// usage: node matrix.mjs MATRIX.html OUTDIR
import fs from 'node:fs';
import path from 'node:path';
import { launch, offlinePage, check, checkOffline, failed } from './lib.mjs';

const [matrix, outdir] = process.argv.slice(2);
fs.mkdirSync(outdir, { recursive: true });
const { browser, close } = await launch();
const RANK = { error: -1, 'n/a': 0, met: 1, partly: 2, unmet: 3 };
try {
  const { context, page, attempted, problems } = await offlinePage(browser, { width: 1500, height: 1000 });
  const url = 'file://' + path.resolve(matrix);
  await page.goto(url);

  // rows, columns, statuses shown by word and symbol as well as colour
  const rows = page.locator('#matrix tbody tr');
  const nrows = await rows.count();
  check(nrows >= 3, `one row per document (${nrows})`);
  check(await page.locator('#matrix thead th.dm').count() === 6, 'six demand columns');
  const cells = await page.$$eval('#matrix tbody td.d', (tds) => tds.map((td) => ({
    s: td.dataset.s, text: td.textContent.trim(), bg: getComputedStyle(td).backgroundColor,
    color: getComputedStyle(td.firstElementChild).color })));
  check(cells.length === nrows * 6, `six cells per row (${cells.length})`);
  check(cells.every((c) => c.text.endsWith(c.s)), 'every cell says its status in words');
  check(cells.every((c) => /^\S+ /.test(c.text)), 'every cell has a symbol before the word');
  const bgOf = {};
  cells.forEach((c) => { (bgOf[c.s] ||= new Set()).add(c.bg); });
  const kinds = Object.keys(bgOf);
  check(kinds.every((k) => bgOf[k].size === 1) && new Set(kinds.map((k) => [...bgOf[k]][0])).size === kinds.length,
        `one colour per status (${kinds.join(', ')})`);
  // contrast of text on each cell colour (WCAG AA: 4.5)
  const lum = (rgb) => {
    const v = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((x) => x / 255)
      .map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4));
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  // the legend shows every status with the cells' colours, whether or not this corpus has it
  const legend = await page.$$eval('#legend li', (lis) => lis.map((li) => ({
    s: li.className, bg: getComputedStyle(li).backgroundColor, color: getComputedStyle(li).color })));
  const pairs = cells.concat(legend);
  const worst = Math.min(...pairs.map((c) => ratio(c.bg.startsWith('rgba(0, 0, 0, 0)') ? 'rgb(255,255,255)' : c.bg, c.color)));
  check(worst >= 4.5, `status text contrast at least 4.5:1 in cells and legend (worst ${worst.toFixed(2)})`);
  check(legend.every((l) => !cells.some((c) => c.s === l.s.replace('na', 'n/a') && c.bg !== l.bg)), 'the legend has the cells\' colours');
  check(await page.locator('#legend li').count() === 5, 'a legend of the five statuses');
  check(/^\d+ of \d+ documents shown$/.test(await page.locator('#shown').textContent()), 'count of documents shown');
  check(await page.locator('#matrix tbody tr.failed').count() >= 1, 'the broken document is an error row');

  // column totals per demand equal the cells
  const totals = async () => page.$$eval('#matrix tfoot td.tot', (tds) => tds.map((td) => {
    const o = {}; td.querySelectorAll('span[data-st]').forEach((s) => { o[s.dataset.st] = +s.querySelector('b').textContent; });
    return o; }));
  const visibleCells = async (d) => page.$$eval(`#matrix tbody tr:not([hidden]) td.d[data-d="${d}"]`, (tds) => tds.map((t) => t.dataset.s));
  let tot = await totals();
  let ok = true;
  for (let d = 1; d <= 6; d++) {
    const ss = await visibleCells(d);
    for (const st of Object.keys(RANK)) if ((tot[d - 1][st] || 0) !== ss.filter((s) => s === st).length) ok = false;
  }
  check(ok, 'column totals per demand count the cells');

  // sort by demand 3: worst first, then reversed
  const d3 = page.locator('#matrix thead th.dm').nth(2);
  await d3.locator('button').click();
  check(await d3.getAttribute('aria-sort') === 'descending', 'demand 3 sorted descending (aria-sort)');
  let col = (await visibleCells(3)).map((s) => RANK[s]);
  check(col.every((v, i) => i === 0 || col[i - 1] >= v), `rows sorted worst first by demand 3 (${col.join(' ')})`);
  await d3.locator('button').click();
  check(await d3.getAttribute('aria-sort') === 'ascending', 'a second click: ascending');
  col = (await visibleCells(3)).map((s) => RANK[s]);
  check(col.every((v, i) => i === 0 || col[i - 1] <= v), 'rows sorted best first');
  check(/Sorted by demand 3, ascending/.test(await page.locator('#said').textContent()), 'the sort is announced');
  // by number of errors
  await page.locator('#matrix thead th', { hasText: 'Errors' }).locator('button').click();
  const errs = await page.$$eval('#matrix tbody tr', (trs) => trs.map((tr) => +tr.children[4].dataset.v));
  check(errs.every((v, i) => i === 0 || errs[i - 1] >= v), 'sorted by errors, most first');
  await page.screenshot({ path: path.join(outdir, 'matrix-sorted.png') });

  // filter: demand 1 unmet only
  const d1 = await visibleCells(1);
  const unmet1 = d1.filter((s) => s === 'unmet').length;
  await page.selectOption('#f-d', '1');
  await page.selectOption('#f-s', 'unmet');
  const shownRows = await page.locator('#matrix tbody tr:not([hidden])').count();
  check(shownRows === unmet1, `filter demand 1 = unmet: ${shownRows} rows (want ${unmet1})`);
  check((await visibleCells(1)).every((s) => s === 'unmet'), 'every row shown has demand 1 unmet');
  check(await page.locator('#shown').textContent() === `${unmet1} of ${nrows} documents shown`, 'the count follows the filter');
  tot = await totals();
  check(tot[0].unmet === unmet1 && tot[0].met === 0 && tot[0].partly === 0, 'totals follow the filter');
  // any demand unmet
  await page.selectOption('#f-d', '');
  const anyUnmet = await page.$$eval('#matrix tbody tr', (trs) => trs.filter((tr) => tr.querySelector('td.d[data-s="unmet"]')).length);
  check(await page.locator('#matrix tbody tr:not([hidden])').count() === anyUnmet, `filter any demand unmet: ${anyUnmet} rows`);
  await page.screenshot({ path: path.join(outdir, 'matrix-filtered.png') });
  // errors only
  await page.selectOption('#f-s', 'error');
  check(await page.locator('#matrix tbody tr:not([hidden])').count() === await page.locator('#matrix tbody tr.failed').count(),
        'filter "could not be read" shows the error rows');
  // text search
  await page.locator('#f-reset').click();
  check(await page.locator('#matrix tbody tr:not([hidden])').count() === nrows, 'Show all');
  await page.locator('body').click({ position: { x: 3, y: 3 } });
  await page.keyboard.press('/');
  check(await page.evaluate(() => document.activeElement.id) === 'f-q', '"/" focuses the search box');
  await page.keyboard.type('ke-');
  const kshown = await page.locator('#matrix tbody tr:not([hidden])').count();
  check(kshown >= 1 && kshown < nrows, `search by file name narrows the rows (${kshown})`);
  await page.locator('#f-reset').click();

  // keyboard: Tab reaches cell links, arrows move between cells, focus is visible
  await page.locator('#f-reset').focus();
  let tabs = 0;
  while (tabs < 60 && !await page.evaluate(() => !!document.activeElement.closest('#matrix tbody td.d'))) {
    await page.keyboard.press('Tab');
    tabs++;
  }
  check(tabs < 60, `Tab reaches the cells (${tabs} presses from the controls)`);
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  });
  check(ring, 'a focused cell shows a focus ring');
  const where = () => page.evaluate(() => {
    const td = document.activeElement.closest('td,th');
    return { row: td.parentNode.rowIndex, col: td.cellIndex };
  });
  const p0 = await where();
  await page.keyboard.press('ArrowRight');
  const p1 = await where();
  check(p1.row === p0.row && p1.col === p0.col + 1, `ArrowRight moves one cell right (${p0.col} -> ${p1.col})`);
  await page.keyboard.press('ArrowDown');
  const p2 = await where();
  check(p2.col === p1.col && p2.row === p1.row + 1, 'ArrowDown moves one row down');
  await page.keyboard.press('Home');
  check((await where()).col === 0, 'Home goes to the document cell');
  const labels = await page.$$eval('#matrix tbody td.d a', (as) => as.filter((a) => !/^Demand \d, .+: .+\. Open .+ at this demand$/.test(a.getAttribute('aria-label') || '')).length);
  check(labels === 0, 'every cell link has an ARIA label naming demand, status and document');
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input,select')].filter((i) => !i.labels?.length && !i.getAttribute('aria-label')).length);
  check(unlabelled === 0, 'every control has a label');
  await page.screenshot({ path: path.join(outdir, 'matrix.png') });

  // print: the controls go, the colours stay
  await page.emulateMedia({ media: 'print' });
  check(await page.locator('#ctl').isHidden(), 'print hides the controls');
  await page.pdf({ path: path.join(outdir, 'matrix-print.pdf'), landscape: true });
  await page.emulateMedia({ media: 'screen' });

  // follow an unmet (or any) cell of demand 3 into the report: it opens at that demand
  let target = page.locator('#matrix tbody td.d[data-d="3"][data-s="unmet"] a').first();
  if (!await target.count()) target = page.locator('#matrix tbody td.d[data-d="3"] a').first();
  const href = await target.getAttribute('href');
  const status = await target.evaluate((a) => a.parentNode.dataset.s);
  await target.focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  check(page.url().endsWith('#d1-dm3') && page.url().includes(href.split('#')[0].split('/').pop()),
        `Enter on the cell opens its report at demand 3 (${page.url().split('/').slice(-2).join('/')})`);
  await page.waitForTimeout(200);
  const at = await page.evaluate(() => {
    const t = document.getElementById('d1-dm3');
    const r = t.getBoundingClientRect();
    return { cur: t.classList.contains('cur'), focused: document.activeElement === t, status: t.dataset.status,
             top: r.top, h: window.innerHeight, shadow: getComputedStyle(t).boxShadow };
  });
  check(at.cur && at.focused && at.shadow !== 'none', 'the demand is highlighted and focused in the report');
  check(at.top >= 0 && at.top < at.h, `the demand is scrolled into view (top ${Math.round(at.top)})`);
  check(at.status === status, `the report's status is the cell's (${status})`);
  await page.screenshot({ path: path.join(outdir, 'matrix-report-at-demand.png') });
  await page.goBack();
  check(page.url() === url, 'Back returns to the matrix');
  // another demand of the same report, by clicking
  const other = page.locator('#matrix tbody td.d[data-d="6"] a').first();
  const h6 = await other.getAttribute('href');
  await Promise.all([page.waitForNavigation(), other.click()]);
  await page.waitForTimeout(200);
  check(page.url().endsWith('#d1-dm6') && await page.evaluate(() => document.getElementById('d1-dm6').classList.contains('cur')),
        `a click on a demand 6 cell opens ${h6.split('/').pop()} at demand 6`);

  checkOffline({ attempted, problems });
  await context.close();
} finally {
  await close();
}
console.log(`screenshots in ${outdir}`);
process.exit(failed() ? 1 : 0);
