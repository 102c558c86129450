// indicators.mjs — the indicator pages in a real browser (Debian's chromium, driven by
// playwright-core): node indicators.mjs path/to/dxtrack [artifact-dir]
//
// Builds a fresh database with the Bắc Kạn 2023 sample (units, indicators, targets, 2023 values)
// and the editor of district 058, starts `dxtrack serve` on a free loopback port, and as a user
// would: opens Chỉ số for 2023 and reads 90,5 for Mật độ điện thoại with its badge in words,
// opens the indicator, drills down from the province to a district and sees its communes, picks
// a period and unit with the form, enters a value on the entry form and sees the district's
// figure move, and checks that no indicator page scrolls sideways at 360 px. Screenshots go to
// the artifact directory (i-*.png). Prints "N passed, N failed".
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const bin = resolve(process.argv[2] || join(repo, 'build/dxtrack'));
const artifacts = resolve(process.argv[3] || join(repo, 'build/e2e-artifacts'));
const sample = join(repo, 'data/sample/backan-2023');
const work = mkdtempSync(join(tmpdir(), 'dxtrack-e2e-ind-'));
const env = { ...process.env, DXTRACK_DB: join(work, 'e2e.db'), DXTRACK_NOW: '2023-12-14T08:00:00Z', LC_ALL: 'C.UTF-8' };
mkdirSync(artifacts, { recursive: true });

let passed = 0, failed = 0;
function check(what, ok, detail = '') {
  if (ok) { passed++; console.log(`ok   ${what}`); }
  else { failed++; console.log(`FAIL ${what}${detail ? ': ' + detail : ''}`); }
}
const cli = (args, input) => execFileSync(bin, args, { env, input, encoding: 'utf8' });

cli(['import', 'units', join(sample, 'units.csv')]);
cli(['import', 'indicators', join(sample, 'indicators.csv')]);
cli(['import', 'targets', join(sample, 'indicator_targets.csv')]);
cli(['import', 'values', join(sample, 'indicator_values_2023.csv')]);
cli(['user', 'add', 'huyen', '--role', 'editor', '--unit', '058', '--password-stdin'], 'pw-huyen-2023\n');

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

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  const page = await context.newPage();
  const scriptErrors = [];
  page.on('pageerror', (e) => scriptErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') scriptErrors.push(m.text()); });

  await page.goto(base + '/login');
  await page.getByLabel('Tên đăng nhập').fill('huyen');
  await page.getByLabel('Mật khẩu').fill('pw-huyen-2023');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(base + '/');

  // the navigation leads to the indicators; 2023 and the province are the defaults
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Chỉ số' }).click();
  await page.waitForURL(/\/indicators$/);
  check('Chỉ số: the province of 2023 by default', (await text(page.locator('#scope'))).startsWith('Tỉnh Bắc Kạn, năm 2023'),
    await text(page.locator('#scope')));
  const density = page.locator('#ind-MAT_DO_DT');
  const row = await text(density);
  check('Mật độ điện thoại: 90,5 máy/100 dân against 90, "Đạt"',
    row.includes('Mật độ điện thoại') && row.includes('90,5') && row.includes('máy/100 dân') && row.includes('Đạt'), row);
  const badge = density.locator('.rag');
  check('the badge says it in words and has a colour',
    (await badge.innerText()).trim() === 'Đạt' &&
    (await badge.evaluate((e) => getComputedStyle(e).backgroundColor)) !== 'rgba(0, 0, 0, 0)');
  const records = await text(page.locator('#ind-TL_HO_SO_SK'));
  check('health records: 98 % against the province\'s 95', records.includes('98') && records.includes('95') && records.includes('Đạt'), records);
  check('2G/3G/4G: 108/108 communes', (await text(page.locator('#ind-PHU_SONG'))).includes('108/108'));
  await shot(page, 'i-01-indicators');

  // the indicator: the figure, then the districts ranked; drill down to Thành phố Bắc Kạn
  await density.getByRole('link', { name: 'Mật độ điện thoại' }).click();
  await page.waitForURL(/\/indicators\/MAT_DO_DT\?/);
  check('indicator page: 90,5 máy/100 dân', (await text(page.locator('#fig-value'))) === '90,5 máy/100 dân');
  check('indicator page: 8 districts ranked', (await page.locator('#ranking tbody tr').count()) === 8);
  check('indicator page: a trend chart drawn by the server', (await page.locator('svg[role="img"]').count()) === 1);
  await shot(page, 'i-02-indicator-province');
  await page.locator('#ranking').getByRole('link', { name: 'Thành phố Bắc Kạn' }).click();
  await page.waitForURL(/unit=058/);
  check('drill-down: the district\'s 8 communes', (await page.locator('#ranking tbody tr').count()) === 8);
  check('drill-down: the way back names the province',
    (await page.getByRole('navigation', { name: 'Cấp đơn vị' }).innerText()).includes('Tỉnh Bắc Kạn'));
  const before = await text(page.locator('#fig-value'));
  await shot(page, 'i-03-indicator-district');

  // the picker: the health records of the same district
  await page.goto(base + '/indicators/TL_HO_SO_SK');
  await page.getByLabel('Đơn vị', { exact: true }).selectOption('058');
  await page.getByLabel('Kỳ', { exact: true }).selectOption('2023');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Xem' }).click()]);
  check('picker: the district chosen by the form', new URL(page.url()).searchParams.get('unit') === '058');

  // entry: the district's editor adds 1.000 subscriptions to one commune; the figure moves
  await page.goto(base + '/indicators/entry');
  const field = page.getByLabel('Số thuê bao điện thoại — Phường Nguyễn Thị Minh Khai');
  const was = Number(await field.inputValue());
  await field.fill(String(was + 1000));
  await shot(page, 'i-04-entry');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Lưu số liệu' }).click()]);
  check('entry: saved, and said so', (await page.content()).includes('Đã lưu 1 giá trị.'));
  await page.goto(base + '/indicators/MAT_DO_DT?period=2023&unit=058');
  const after = await text(page.locator('#fig-value'));
  check('entry: the district\'s density moved at once', after !== before, `${before} → ${after}`);

  // completeness
  await page.goto(base + '/indicators/missing?period=2023&unit=06');
  check('completeness: everyone reported in the sample', (await page.content()).includes('Tất cả đơn vị đã báo cáo đủ'));

  // a phone: nothing wider than the screen
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, storageState: await context.storageState() });
  const mobile = await phone.newPage();
  for (const [path, name] of [['/indicators?period=2023&unit=06', 'i-05-phone-indicators'],
    ['/indicators/MAT_DO_DT?period=2023&unit=06', 'i-06-phone-indicator'],
    ['/indicators/missing?period=2023&unit=06', null], ['/indicators/entry', 'i-07-phone-entry']]) {
    await mobile.goto(base + path);
    const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(`phone (360 px): ${path} does not scroll sideways`, overflow <= 0, `${overflow} px too wide`);
    if (name) await shot(mobile, name);
  }
  await phone.close();

  check('no script errors or failed loads in the pages', scriptErrors.length === 0, scriptErrors.join('; '));
  await context.close();
} catch (e) {
  check('the scenario ran to its end', false, e.stack || String(e));
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
console.log(`e2e indicators: ${passed} passed, ${failed} failed (screenshots in ${artifacts})`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
