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
// The setup, sign-in, phone-width check and pass/fail count shared with the other tests are in
// harness.mjs.
import { openSync, writeSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repo, sample, workspace, startServerAndBrowser, desktopContext, phonePage, shot, text, mainNav, scriptErrors,
  signedInPage, checkNoSidewaysScroll, check, scenarioBroke, finish } from './harness.mjs';

const { work, env, cli, addUser } = workspace('dxtrack-e2e-dti-');
cli(['import', 'units', join(sample, 'units.csv')]);
cli(['dti', 'framework', 'import', join(repo, 'data/dti/QD922.csv')]);
cli(['dti', 'use', '2023', 'QD922']);
cli(['dti', 'set', '2023', '3.1', '--unit', 'STTTT', '--due', '2023-12-31']);
cli(['dti', 'set', '2023', '7', '--unit', 'SYT', '--due', '2023-11-30']);
addUser('sttt', '--role', 'editor', '--unit', 'STTTT');
addUser('syt', '--role', 'editor', '--unit', 'SYT');

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

const { server, base, browser } = await startServerAndBrowser(env);
// the 413 and 403 refusals this scenario provokes are on purpose; any other failed load counts
const errors = scriptErrors({ allowStatuses: [403, 413] });

try {
  const context = await desktopContext(browser);
  const page = await signedInPage(context, base, 'sttt', errors);

  // DTI from the navigation: nothing entered yet
  await mainNav(page).getByRole('link', { name: 'DTI' }).click();
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
  const mobile = await phonePage(browser, context);
  errors.watch(mobile);
  for (const [path, name] of [['/dti', 'd-04-dti-360'], ['/dti/2023/3.1', 'd-05-item-360']]) {
    await checkNoSidewaysScroll(mobile, base, path);
    await shot(mobile, name);
  }
  await mobile.context().close();

  // the editor of another department: no forms, and a forged upload is refused
  const other = await desktopContext(browser);
  const syt = await signedInPage(other, base, 'syt', errors);
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

  errors.check();
  await context.close();
} catch (e) {
  scenarioBroke(e);
}
await finish('e2e dti', { browser, server, work });
