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
// The setup, sign-in, phone-width check and pass/fail count shared with the other tests are in
// harness.mjs.
import { join } from 'node:path';
import { sample, workspace, startServerAndBrowser, desktopContext, phonePage, shot, text, mainNav, scriptErrors,
  signedInPage, checkNoSidewaysScroll, check, scenarioBroke, finish } from './harness.mjs';

const { work, env, cli, addUser } = workspace('dxtrack-e2e-ind-');
cli(['import', 'units', join(sample, 'units.csv')]);
cli(['import', 'indicators', join(sample, 'indicators.csv')]);
cli(['import', 'targets', join(sample, 'indicator_targets.csv')]);
cli(['import', 'values', join(sample, 'indicator_values_2023.csv')]);
addUser('huyen', '--role', 'editor', '--unit', '058');

const { server, base, browser } = await startServerAndBrowser(env);
const errors = scriptErrors();

try {
  const context = await desktopContext(browser);
  const page = await signedInPage(context, base, 'huyen', errors);

  // the navigation leads to the indicators; 2023 and the province are the defaults
  await mainNav(page).getByRole('link', { name: 'Chỉ số' }).click();
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
  const mobile = await phonePage(browser, context);
  for (const [path, name] of [['/indicators?period=2023&unit=06', 'i-05-phone-indicators'],
    ['/indicators/MAT_DO_DT?period=2023&unit=06', 'i-06-phone-indicator'],
    ['/indicators/missing?period=2023&unit=06', null], ['/indicators/entry', 'i-07-phone-entry']]) {
    await checkNoSidewaysScroll(mobile, base, path);
    if (name) await shot(mobile, name);
  }
  await mobile.context().close();

  errors.check();
  await context.close();
} catch (e) {
  scenarioBroke(e);
}
await finish('e2e indicators', { browser, server, work });
