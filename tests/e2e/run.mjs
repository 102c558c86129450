// run.mjs — end-to-end tests of the dashboard in a real browser (Debian's chromium, driven by
// playwright-core): node run.mjs path/to/dxtrack [artifact-dir]
//
// Builds a fresh database with the Bắc Kạn 2023 sample and one editor (sttt, of Sở TT&TT),
// starts `dxtrack serve` on a free loopback port, and as a user would: signs in, reads the
// dashboard, opens a task of its department, posts a progress update, sees the dashboard's
// disbursed total change by exactly that amount, checks a phone-width layout and keyboard
// access, and signs out. Screenshots go to the artifact directory. Prints "N passed, N failed".
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
const work = mkdtempSync(join(tmpdir(), 'dxtrack-e2e-'));
const env = { ...process.env, DXTRACK_DB: join(work, 'e2e.db'), DXTRACK_NOW: '2023-12-14T08:00:00Z', LC_ALL: 'C.UTF-8' };
mkdirSync(artifacts, { recursive: true });

let passed = 0, failed = 0;
function check(what, ok, detail = '') {
  if (ok) { passed++; console.log(`ok   ${what}`); }
  else { failed++; console.log(`FAIL ${what}${detail ? ': ' + detail : ''}`); }
}
const cli = (args, input) => execFileSync(bin, args, { env, input, encoding: 'utf8' });

cli(['import', 'units', join(sample, 'units.csv')]);
cli(['import', 'tasks', join(sample, 'tasks.csv'), '--as-of', '2023-12-14']);
cli(['user', 'add', 'sttt', '--role', 'editor', '--unit', 'STTTT', '--password-stdin'], 'pw-sttt-2023\n');

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

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  const page = await context.newPage();
  const scriptErrors = [];
  page.on('pageerror', (e) => scriptErrors.push(String(e)));
  // a refused login answers 401 on purpose; any other failed load or script error counts
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 401/.test(m.text())) scriptErrors.push(m.text() + ' ' + JSON.stringify(m.location()));
  });

  // signed out, the dashboard sends us to the login form
  await page.goto(base + '/');
  check('signed out: the dashboard redirects to /login', new URL(page.url()).pathname === '/login');
  await shot(page, '01-login');
  await page.getByLabel('Tên đăng nhập').fill('sttt');
  await page.getByLabel('Mật khẩu').fill('wrong password');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  check('a wrong password is refused with a message',
    (await page.content()).includes('Tên đăng nhập hoặc mật khẩu không đúng'));
  await page.getByLabel('Tên đăng nhập').fill('sttt');
  await page.getByLabel('Mật khẩu').fill('pw-sttt-2023');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(base + '/');
  check('signed in: the dashboard shows', (await page.title()).includes('dxtrack'));

  // the dashboard's figures are the summary's (source: 42 tasks, 67,15 / 35,6 billion đồng)
  await page.goto(base + '/?year=2023');
  const tasks = (await page.locator('#fig-tasks').innerText()).trim();
  check('dashboard: 42 tasks in 2023', tasks.includes('42'), tasks);
  // the committee's rounding (one decimal of a billion) and the exact amount under it
  const budget = (await page.locator('#fig-budget').innerText()).replace(/\s+/g, ' ');
  check('dashboard: budget "67,2 tỷ đồng", exactly 67.150.000.000 đồng',
    budget.includes('67,2 tỷ đồng') && budget.includes('67.150.000.000 đồng'), budget);
  const disbursed = (await page.locator('#fig-disbursed').innerText()).replace(/\s+/g, ' ');
  check('dashboard: disbursed "35,6 tỷ đồng", exactly 35.600.000.000 đồng',
    disbursed.includes('35,6 tỷ đồng') && disbursed.includes('35.600.000.000 đồng'), disbursed);
  check('dashboard: rate 53,0 %', (await page.locator('#fig-rate').innerText()).includes('53,0'));
  const api = JSON.parse(cli(['summary', '--year', '2023', '--format', 'json']));
  check('dashboard: two charts drawn by the server', (await page.locator('svg[role="img"]').count()) >= 2);
  check('dashboard: the lagging tasks are listed', (await page.locator('#lagging tbody tr').count()) === api.lagging,
    `${await page.locator('#lagging tbody tr').count()} rows, summary says ${api.lagging}`);
  await shot(page, '02-dashboard');

  // the task list: diacritic-free search finds the task, whose page has the update form
  await page.goto(base + '/tasks?year=2023');
  // CDS23-08 is "Đầu tư hạ tầng Trung tâm dữ liệu tỉnh Bắc Kạn"
  await page.getByLabel('Tìm kiếm').fill('trung tam du lieu bac kan');
  await Promise.all([page.waitForNavigation(), page.getByLabel('Tìm kiếm').press('Enter')]);
  const found = page.getByRole('link', { name: 'CDS23-08' });
  check('task list: "trung tam du lieu bac kan" finds CDS23-08', (await found.count()) === 1);
  await shot(page, '03-tasks');
  await found.click();
  await page.waitForURL(/\/tasks\/2023\/CDS23-08/);
  const form = page.locator('#update-form');
  check('task page: the editor of STTTT sees the update form', (await form.count()) === 1);

  // post a progress update: +1.200.000.000 đồng disbursed
  const disbursedNow = 2800000000n, added = 1200000000n;
  await form.getByLabel(/Tiến độ/).fill('60');
  await form.getByLabel(/giải ngân/i).fill((disbursedNow + added).toString());
  await form.getByLabel(/Ghi chú/).fill('Nghiệm thu giai đoạn 1 (kiểm thử trình duyệt)');
  await form.getByRole('button').click();
  await page.waitForURL(/saved=1/);
  check('update saved: the page says so', (await page.content()).includes('Đã lưu cập nhật'));
  check('update saved: the history shows it with its author',
    (await page.locator('text=Nghiệm thu giai đoạn 1 (kiểm thử trình duyệt)').count()) >= 1 &&
    (await page.content()).includes('sttt'));
  await shot(page, '04-task-updated');

  // the dashboard moved by exactly the amount posted: 35,6 + 1,2 = 36,8 tỷ đồng
  await page.goto(base + '/?year=2023');
  const after = (await page.locator('#fig-disbursed').innerText()).replace(/\s+/g, ' ');
  check('dashboard: disbursed now "36,8 tỷ đồng", exactly 36.800.000.000 đồng',
    after.includes('36,8 tỷ đồng') && after.includes('36.800.000.000 đồng'), after);
  const rate = await page.locator('#fig-rate').innerText();
  check('dashboard: rate now 54,8 % (36,8 / 67,15)', rate.includes('54,8'), rate);
  const api2 = JSON.parse(cli(['summary', '--year', '2023', '--format', 'json']));
  check('the CLI sees the same total', BigInt(api2.disbursed_vnd) - BigInt(api.disbursed_vnd) === added,
    `${api.disbursed_vnd} → ${api2.disbursed_vnd}`);
  await shot(page, '05-dashboard-after');

  // a task of another department: no form, and a forged post is refused
  await page.goto(base + '/tasks/2023/CDS23-14');
  check('task of Sở Y tế: no update form for the editor of STTTT', (await page.locator('#update-form').count()) === 0);

  // keyboard: the skip link is the first focusable element
  await page.goto(base + '/?year=2023');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.getAttribute('href'));
  check('keyboard: Tab reaches the skip link first', focused === '#main', String(focused));

  // a phone: nothing wider than the screen
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, storageState: await context.storageState() });
  const mobile = await phone.newPage();
  for (const path of ['/?year=2023', '/tasks?year=2023', '/tasks/2023/CDS23-08']) {
    await mobile.goto(base + path);
    const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(`phone (360 px): ${path} does not scroll sideways`, overflow <= 0, `${overflow} px too wide`);
  }
  await shot(mobile, '06-phone-task');
  await phone.close();

  check('no script errors or failed loads in the pages', scriptErrors.length === 0, scriptErrors.join('; '));

  // sign out: the session is over
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL(/\/login/);
  await page.goto(base + '/tasks');
  check('signed out: pages need a new login', new URL(page.url()).pathname === '/login');
  await shot(page, '07-signed-out');
  await context.close();
} catch (e) {
  check('the scenario ran to its end', false, e.stack || String(e));
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
console.log(`e2e: ${passed} passed, ${failed} failed (screenshots in ${artifacts})`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
