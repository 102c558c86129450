// run.mjs — end-to-end tests of the dashboard in a real browser (Debian's chromium, driven by
// playwright-core): node run.mjs path/to/dxtrack [artifact-dir]
//
// Builds a fresh database with the Bắc Kạn 2023 sample and one editor (sttt, of Sở TT&TT),
// starts `dxtrack serve` on a free loopback port, and as a user would: signs in, reads the
// dashboard, opens a task of its department, posts a progress update, sees the dashboard's
// disbursed total change by exactly that amount, checks a phone-width layout and keyboard
// access, and signs out. Screenshots go to the artifact directory. Prints "N passed, N failed".
// The setup, sign-in, phone-width check and pass/fail count shared with the other tests are in
// harness.mjs.
import { join } from 'node:path';
import { sample, workspace, startServerAndBrowser, desktopContext, phonePage, shot, scriptErrors, password,
  submitLogin, checkNoSidewaysScroll, check, scenarioBroke, finish } from './harness.mjs';

const { work, env, cli, addUser } = workspace('dxtrack-e2e-');
cli(['import', 'units', join(sample, 'units.csv')]);
cli(['import', 'tasks', join(sample, 'tasks.csv'), '--as-of', '2023-12-14']);
addUser('sttt', '--role', 'editor', '--unit', 'STTTT');

const { server, base, browser } = await startServerAndBrowser(env);
// a refused login answers 401 on purpose; any other failed load or script error counts
const errors = scriptErrors({ allowStatuses: [401] });

try {
  const context = await desktopContext(browser);
  const page = await context.newPage();
  errors.watch(page);

  // signed out, the dashboard sends us to the login form
  await page.goto(base + '/');
  check('signed out: the dashboard redirects to /login', new URL(page.url()).pathname === '/login');
  await shot(page, '01-login');
  await submitLogin(page, 'sttt', 'wrong password');
  check('a wrong password is refused with a message',
    (await page.content()).includes('Tên đăng nhập hoặc mật khẩu không đúng'));
  await submitLogin(page, 'sttt', password('sttt'));
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
  const mobile = await phonePage(browser, context);
  for (const path of ['/?year=2023', '/tasks?year=2023', '/tasks/2023/CDS23-08']) await checkNoSidewaysScroll(mobile, base, path);
  await shot(mobile, '06-phone-task');
  await mobile.context().close();

  errors.check();

  // sign out: the session is over
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL(/\/login/);
  await page.goto(base + '/tasks');
  check('signed out: pages need a new login', new URL(page.url()).pathname === '/login');
  await shot(page, '07-signed-out');
  await context.close();
} catch (e) {
  scenarioBroke(e);
}
await finish('e2e', { browser, server, work });
