// serve.mjs — `amicus serve` on a free loopback port driven from chromium: upload, report, scorecard, JSON download, binary refused, headers, clean stop.
// usage: node serve.mjs AMICUS DOCUMENT OUTDIR
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launch, check, failed } from './lib.mjs';

const [amicus, document, outdir] = process.argv.slice(2);
fs.mkdirSync(outdir, { recursive: true });

// --port 0: the kernel picks a free port; amicus prints the address it listens on
const server = spawn(amicus, ['serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
let stderr = '';
server.stderr.on('data', (d) => { stderr += d; });
const exited = new Promise((resolve) => server.on('exit', (code, sig) => resolve({ code, sig })));
// compiling the default pack takes a second in a release build, minutes under ASan on a busy machine
const startLimit = Number(process.env.AMICUS_SERVE_START_SECONDS || 600);
process.on('exit', () => { if (server.exitCode === null) server.kill('SIGKILL'); });
const base = await new Promise((resolve, reject) => {
  let out = '';
  const t = setTimeout(() => reject(new Error(`amicus serve did not start in ${startLimit} s: ${stderr}`)), startLimit * 1000);
  server.stdout.on('data', (d) => {
    out += d;
    const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
    if (m) { clearTimeout(t); resolve(m[1]); }
  });
  server.on('exit', () => reject(new Error(`amicus serve exited: ${stderr}`)));
});
console.log(`amicus serve at ${base}`);

const { browser, close } = await launch();
try {
  // headers, methods and paths, from node
  let r = await fetch(base);
  const csp = r.headers.get('content-security-policy') || '';
  check(r.status === 200, 'GET / is the upload page');
  check(csp.includes("default-src 'none'") && csp.includes("frame-ancestors 'none'") && !/https?:/.test(csp),
        `CSP without remote sources: ${csp.slice(0, 60)}...`);
  check(r.headers.get('x-content-type-options') === 'nosniff', 'X-Content-Type-Options: nosniff');
  check(r.headers.get('referrer-policy') === 'no-referrer', 'Referrer-Policy: no-referrer');
  check((await fetch(base + 'etc/passwd')).status === 404, 'unknown path: 404');
  check((await fetch(base + 'report')).status === 405, 'GET /report: 405');
  check((await fetch(base, { method: 'PUT', body: 'x' })).status === 405, 'PUT /: 405');
  check((await fetch(base, { method: 'DELETE' })).status === 405, 'DELETE /: 405');

  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  const foreign = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const problems = [];
  // (the 422 of the binary upload is logged as a failed load: statuses are checked above)
  page.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource: .* 4\d\d /.test(m.text())) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));

  await page.goto(base);
  check(await page.locator('input#doc[type=file]').count() === 1, 'upload page has a file input');
  check(await page.locator('#drop').count() === 1, 'upload page has a drop zone');
  await page.locator('#doc').setInputFiles(document);
  check((await page.locator('#files').textContent()).includes(path.basename(document)), 'the chosen file is named');
  await page.screenshot({ path: path.join(outdir, 'serve-upload.png') });

  // download the JSON
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#dl-json').click()]);
  const file = path.join(outdir, 'serve-download.json');
  await download.saveAs(file);
  let json = null;
  try { json = JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e) { console.log(String(e)); }
  check(json && json.schema === 'amicus-check/1', 'the JSON download parses (amicus-check/1)');
  check(json && json.documents.length === 1 && json.documents[0].findings.length > 0,
        `the JSON has the document's findings (${json?.documents?.[0]?.findings?.length})`);
  check(json && json.documents[0].scorecard.length === 6, 'the JSON has the scorecard');
  check(/\.amicus\.json$/.test(download.suggestedFilename()), `download named ${download.suggestedFilename()}`);

  // show the report
  await page.locator('#doc').setInputFiles(document);
  const [resp] = await Promise.all([page.waitForNavigation(), page.locator('#show').click()]);
  check(resp.status() === 200, 'the report is served (200)');
  const n = await page.locator('li.f').count();
  check(n > 0, `the report lists findings (${n})`);
  check(n === json?.documents?.[0]?.findings?.length, 'as many as the JSON');
  check(await page.locator('li.demand').count() === 6, 'the scorecard shows six demands');
  const statuses = await page.locator('li.demand').evaluateAll((l) => l.map((e) => e.dataset.status));
  check(statuses.every((s) => ['met', 'partly', 'unmet', 'n/a'].includes(s)), `demand statuses: ${statuses.join(' ')}`);
  await page.locator('li.f button.go').first().click();
  check(await page.evaluate(() => document.activeElement.matches('mark.hl')), 'a finding jumps to its words in the served report');
  await page.screenshot({ path: path.join(outdir, 'serve-report.png') });

  // two versions: the diff, side by side
  const edited = path.join(outdir, 'serve-edited.txt');
  fs.writeFileSync(edited, fs.readFileSync(document, 'utf8').replace(/computer system/, 'computer or network system'));
  await page.goto(base);
  await page.locator('#old').setInputFiles(document);
  await page.locator('#doc').setInputFiles(edited);
  const [dresp] = await Promise.all([page.waitForNavigation(), page.locator('#show').click()]);
  check(dresp.status() === 200, 'the diff is served (200)');
  check(await page.locator('table.side ins').count() > 0, 'the diff marks the inserted words');
  check(/Findings: \d+ new, \d+ resolved, \d+ persisting/.test(await page.locator('#counts').textContent()), 'the diff counts new and resolved findings');
  check(await page.locator('li.demand').count() === 6, 'the diff shows the scorecard before and after');
  await page.screenshot({ path: path.join(outdir, 'serve-diff.png'), fullPage: true });

  // a binary file is refused with a clear message
  await page.goto(base);
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + 7) % 256;
  await page.locator('#doc').setInputFiles({ name: 'photo.bin', mimeType: 'application/octet-stream', buffer: bytes });
  const [bad] = await Promise.all([page.waitForNavigation(), page.locator('#show').click()]);
  check(bad.status() === 422, `binary upload: ${bad.status()}`);
  const msg = (await page.locator('#error').textContent()) || '';
  check(/photo\.bin/.test(msg) && /binary|NUL/i.test(msg), `clear error: "${msg}"`);
  check(await page.locator('a[href="/"]').count() === 1, 'the error page links back');
  await page.screenshot({ path: path.join(outdir, 'serve-error.png') });

  check(foreign.length === 0, `no request left the server (${foreign.join(', ') || 'none'})`);
  check(problems.length === 0, `no console error or CSP violation (${problems.join(' | ') || 'none'})`);
  await context.close();
} finally {
  await close();
  server.kill('SIGTERM');
}
const { code, sig } = await exited;
check(code === 0, `SIGTERM stops amicus serve cleanly (exit ${code}${sig ? ', ' + sig : ''})`);
console.log(`screenshots in ${outdir}`);
process.exit(failed() ? 1 : 0);
