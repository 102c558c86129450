// dti.mjs — the DTI readiness pages in a real browser (Debian's chromium, driven by
// playwright-core): node dti.mjs path/to/dxtrack [artifact-dir]
//
// Builds a fresh database with the Bắc Kạn units, the QĐ 922 framework bound to 2023, item 3.1
// (Hạ tầng số › băng rộng cáp quang: 50 points at most, target 80 %) assigned to Sở TT&TT and 7 to
// Sở Y tế, and one editor of each; starts `dxtrack serve` on a free loopback port, and as a user
// would: the editor of Sở TT&TT opens DTI from the navigation, enters 60 % on the item (37,50
// points, all at risk), uploads a 20 MB PDF through the form and sees it listed and the points
// no longer at risk, then tries a 200 MB one and gets the clear 413 page naming 50 MiB (the time
// it takes is printed); the editor of Sở Y tế sees no form on that item and a direct POST with
// its own CSRF token is refused with 403. /dti must not scroll sideways at 360 px; screenshots at
// 360 and 1280 px go to the artifact directory (d-*.png). Prints "N passed, N failed".
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, openSync, writeSync, closeSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const bin = resolve(process.argv[2] || join(repo, 'build/dxtrack'));
const artifacts = resolve(process.argv[3] || join(repo, 'build/e2e-artifacts'));
const sample = join(repo, 'data/sample/backan-2023');
const work = mkdtempSync(join(tmpdir(), 'dxtrack-e2e-dti-'));
const env = { ...process.env, DXTRACK_DB: join(work, 'e2e.db'), DXTRACK_NOW: '2023-12-14T08:00:00Z', LC_ALL: 'C.UTF-8' };
mkdirSync(artifacts, { recursive: true });

let passed = 0, failed = 0;
function check(what, ok, detail = '') {
  if (ok) { passed++; console.log(`ok   ${what}`); }
  else { failed++; console.log(`FAIL ${what}${detail ? ': ' + detail : ''}`); }
}
const cli = (args, input) => execFileSync(bin, args, { env, input, encoding: 'utf8' });

cli(['import', 'units', join(sample, 'units.csv')]);
cli(['dti', 'framework', 'import', join(repo, 'data/dti/QD922.csv')]);
cli(['dti', 'use', '2023', 'QD922']);
cli(['dti', 'set', '2023', '3.1', '--unit', 'STTTT', '--due', '2023-12-31']);
cli(['dti', 'set', '2023', '7', '--unit', 'SYT', '--due', '2023-11-30']);
cli(['user', 'add', 'sttt', '--role', 'editor', '--unit', 'STTTT', '--password-stdin'], 'pw-sttt-2023\n');
cli(['user', 'add', 'syt', '--role', 'editor', '--unit', 'SYT', '--password-stdin'], 'pw-syt-2023\n');

// a PDF of n bytes: the header, then padding
function pdf(n) {
  const b = Buffer.alloc(n, 0x20);
  b.write('%PDF-1.4\n');
  return b;
}
// the 200 MB one goes through a file (playwright refuses buffers above 50 MB)
const big = join(work, 'bao-cao-200MB.pdf');
{
  const fd = openSync(big, 'w');
  writeSync(fd, '%PDF-1.4\n');
  const chunk = Buffer.alloc(1 << 20, 0x20);
  let left = 200 * 1000 * 1000 - 9;
  while (left > 0) { const n = Math.min(left, chunk.length); writeSync(fd, chunk, 0, n); left -= n; }
  closeSync(fd);
}

const server = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--threads', '2'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
let log = '';
const base = await new Promise((ok, fail) => {
  const timer = setTimeout(() => fail(new Error('server did not start: ' + log)), 10000);
  server.stderr.on('data', (d) => {
    log += d;
    const m = /serving on (http:\/\/[^/]+)\//.exec(log);
    if (m) { clearTimeout(timer); ok(m[1]); }
  });
  server.on('exit', () => fail(new Error('server exited: ' + log)));
});

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const shot = (page, name) => page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
const text = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();
const scriptErrors = [];
// the refusals this scenario provokes on purpose (413, 403) are logged by chromium as failed
// loads; anything else counts
function watch(page) {
  page.on('pageerror', (e) => scriptErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (403|413)/.test(m.text())) scriptErrors.push(m.text() + ' ' + JSON.stringify(m.location()));
  });
}
async function signIn(context, name) {
  const page = await context.newPage();
  watch(page);
  await page.goto(base + '/login');
  await page.getByLabel('Tên đăng nhập').fill(name);
  await page.getByLabel('Mật khẩu').fill(`pw-${name}-2023`);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(base + '/');
  return page;
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  const page = await signIn(context, 'sttt');

  // DTI from the navigation: nothing entered yet
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'DTI' }).click();
  await page.waitForURL(/\/dti$/);
  check('DTI: 2023 by default', (await page.title()).includes('DTI năm 2023'), await page.title());
  check('DTI: the score claimed is 0,0000', (await text(page.locator('#fig-score'))).startsWith('0,0000'));

  // the item: the value form of the responsible unit's editor; 60 % of 80 → 37,50 points
  await page.goto(base + '/dti/2023/3.1');
  check('item: the illustrative badge', (await page.locator('.badge-illustrative').count()) === 1);
  const valueForm = page.locator('#value-form');
  check('item: the editor of STTTT sees the value form', (await valueForm.count()) === 1);
  await valueForm.getByLabel('Giá trị', { exact: true }).fill('60');
  await Promise.all([page.waitForURL(/saved=1/), valueForm.getByRole('button', { name: 'Lưu giá trị' }).click()]);
  check('value saved: the page says so', (await page.content()).includes('Đã lưu.'));
  check('value saved: 37,50 points, all at risk',
    (await text(page.locator('#item-points'))) === '37,50 điểm' && (await text(page.locator('#item-at-risk'))) === '37,50 điểm',
    `${await text(page.locator('#item-points'))} / ${await text(page.locator('#item-at-risk'))}`);

  // /dti lists it at risk; its link leads back to the item
  await page.goto(base + '/dti');
  check('DTI: 37,50 points at risk', (await text(page.locator('#fig-at-risk'))).startsWith('37,50'), await text(page.locator('#fig-at-risk')));
  check('DTI: the at-risk list names 3.1 with STTTT',
    (await text(page.locator('#at-risk tbody tr').first())).includes('Sở Thông tin và Truyền thông'));
  check('DTI: the chart of the main indices is drawn by the server', (await page.locator('figure.dti-chart svg[role="img"]').count()) === 1);
  await shot(page, 'd-01-dti-1280');
  await page.locator('#at-risk').getByRole('link', { name: '3.1' }).click();
  await page.waitForURL(/\/dti\/2023\/3\.1$/);

  // a 20 MB PDF through the upload form
  const form = page.locator('#evidence-form');
  check('item: the upload form states the limit next to the file', (await text(form)).includes('Tối đa 50 MiB'));
  await form.getByLabel('Số hiệu văn bản').fill('811/KH-UBND');
  await form.getByLabel('Tên văn bản').fill('Báo cáo hạ tầng băng rộng năm 2023');
  await form.getByLabel('Ngày văn bản').fill('2023-03-15');
  await form.getByLabel('Tệp văn bản').setInputFiles({ name: 'bien-ban-20MB.pdf', mimeType: 'application/pdf', buffer: pdf(20 * 1000 * 1000) });
  let t0 = Date.now();
  await Promise.all([page.waitForURL(/added=/, { timeout: 120000 }), form.getByRole('button', { name: 'Tải lên' }).click()]);
  console.log(`     (20 MB upload: ${Date.now() - t0} ms)`);
  check('20 MB: added, and said so', (await page.content()).includes('Đã thêm tài liệu kiểm chứng'));
  const row = page.locator('#evidence tbody tr', { hasText: 'bien-ban-20MB.pdf' });
  check('20 MB: listed with its name and size', (await row.count()) === 1 && (await text(row)).includes('19,1 MiB'),
    (await row.count()) ? await text(row) : 'no row');
  check('20 MB: the points are no longer at risk', (await text(page.locator('#item-at-risk'))) === '0,00 điểm');
  await shot(page, 'd-02-item-uploaded');

  // a 200 MB PDF: the clear 413 page
  await form.getByLabel('Tên văn bản').fill('Bản quét quá lớn');
  await form.getByLabel('Ngày văn bản').fill('2023-04-01');
  await form.getByLabel('Tệp văn bản').setInputFiles(big);
  t0 = Date.now();
  const [resp] = await Promise.all([page.waitForNavigation({ timeout: 240000 }), form.getByRole('button', { name: 'Tải lên' }).click()]);
  const took = Date.now() - t0;
  console.log(`     (200 MB upload refused after ${took} ms, ${statSync(big).size} bytes)`);
  check('200 MB: answered 413', resp && resp.status() === 413, resp ? String(resp.status()) : 'no response');
  check('200 MB: the page says "Tệp quá lớn: tối đa 50 MiB."', (await page.content()).includes('Tệp quá lớn: tối đa 50 MiB.'));
  await shot(page, 'd-03-too-large');
  await page.goto(base + '/dti/2023/3.1');
  check('200 MB: nothing was recorded', (await page.locator('#evidence tbody tr').count()) === 1);

  // a phone: /dti and the item do not scroll sideways
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, storageState: await context.storageState() });
  const mobile = await phone.newPage();
  watch(mobile);
  for (const [path, name] of [['/dti', 'd-04-dti-360'], ['/dti/2023/3.1', 'd-05-item-360']]) {
    await mobile.goto(base + path);
    const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(`phone (360 px): ${path} does not scroll sideways`, overflow <= 0, `${overflow} px too wide`);
    await shot(mobile, name);
  }
  await phone.close();

  // the editor of another department: no forms, and a forged upload is refused
  const other = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  const syt = await signIn(other, 'syt');
  await syt.goto(base + '/dti/2023/3.1');
  check('Sở Y tế on an item of STTTT: no upload form', (await syt.locator('#evidence-form').count()) === 0);
  check('Sở Y tế on an item of STTTT: no value form', (await syt.locator('#value-form').count()) === 0);
  check('Sở Y tế on an item of STTTT: no withdraw button', (await syt.getByRole('button', { name: /^Rút/ }).count()) === 0);
  const csrf = await syt.locator('input[name="csrf"]').first().getAttribute('value');
  const forged = await syt.request.post(base + '/dti/2023/3.1/evidence', {
    multipart: { csrf, title: 'Giả mạo', date: '2023-05-05', file: { name: 'x.pdf', mimeType: 'application/pdf', buffer: pdf(1000) } },
    maxRedirects: 0,
  });
  check('Sở Y tế: a direct upload with its own CSRF token gets 403', forged.status() === 403, String(forged.status()));
  const forgedValue = await syt.request.post(base + '/dti/2023/3.1', { form: { csrf, form: 'value', value: '99', version: '2' }, maxRedirects: 0 });
  check('Sở Y tế: a direct value post gets 403', forgedValue.status() === 403, String(forgedValue.status()));
  await syt.goto(base + '/dti/2023/7');
  check('Sở Y tế on its own item: the upload form', (await syt.locator('#evidence-form').count()) === 1);
  await other.close();
  await page.goto(base + '/dti/2023/3.1');
  check('the forged upload left nothing', (await page.locator('#evidence tbody tr').count()) === 1);

  check('no script errors or failed loads in the pages', scriptErrors.length === 0, scriptErrors.join('; '));
  await context.close();
} catch (e) {
  check('the scenario ran to its end', false, e.stack || String(e));
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
console.log(`e2e dti: ${passed} passed, ${failed} failed (screenshots in ${artifacts})`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
