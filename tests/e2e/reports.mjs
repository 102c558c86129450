// reports.mjs — the review of the committee's report in a real browser (Debian's chromium, driven
// by playwright-core): node reports.mjs path/to/dxtrack [artifact-dir]
//
// Builds a fresh database with the Bắc Kạn 2023 sample (as of 14/12/2023), the signer's name as
// a setting, an administrator (the drafting unit) and a committee member (a viewer); starts
// `dxtrack serve` on a free loopback port, and as people would: the administrator drafts the
// 2023 report from the "Báo cáo" page; the committee member opens it from the navigation, reads
// the draft (the Decree 30 header, the sections) and comments on section I; a forged revision
// with the member's own CSRF token is refused with 403; the administrator's revision is refused
// (409) while the comment is open, then the administrator answers it ("Tiếp thu"), issues the
// revised version, compares it with the draft, and submits it: the page is locked, the comment
// log keeps the question and the answer, and the DOCX link of the version downloads a Word file.
// No page may scroll sideways at 360 px; no console errors. Screenshots go to the artifact
// directory (r-*.png). Prints "N passed, N failed".
// The setup, sign-in, phone-width check and pass/fail count shared with the other tests are in
// harness.mjs.
import { join } from 'node:path';
import { sample, workspace, startServerAndBrowser, desktopContext, phonePage, shot, text, mainNav, scriptErrors,
  signedInPage, checkNoSidewaysScroll, check, scenarioBroke, finish } from './harness.mjs';

const { work, env, cli, addUser } = workspace('dxtrack-e2e-reports-');
cli(['import', 'units', join(sample, 'units.csv')]);
cli(['import', 'tasks', join(sample, 'tasks.csv'), '--as-of', '2023-12-14']);
cli(['settings', 'set', 'signer_name', 'Nguyễn Văn A']);
addUser('bcd', '--role', 'admin');
addUser('thanhvien', '--role', 'viewer');

const { server, base, browser } = await startServerAndBrowser(env);
// the 403 and 409 refusals this scenario provokes are on purpose; any other failed load counts
const errors = scriptErrors({ allowStatuses: [403, 409] });

try {
  // ---- the drafting unit drafts the 2023 report from the "Báo cáo" page
  const adminContext = await desktopContext(browser);
  const admin = await signedInPage(adminContext, base, 'bcd', errors);
  await mainNav(admin).getByRole('link', { name: 'Báo cáo' }).click();
  await admin.waitForURL(/\/reports$/);
  check('list: no report yet', (await admin.content()).includes('Chưa có báo cáo nào.'));
  const draftForm = admin.locator('#draft-form');
  check('list: the administrator sees the draft form', (await draftForm.count()) === 1);
  await draftForm.getByLabel('Năm báo cáo').fill('2023');
  await draftForm.getByLabel('Số văn bản').fill('125');
  await Promise.all([admin.waitForURL(/\/reports\/\d+\?drafted=1$/), draftForm.getByRole('button', { name: 'Lập dự thảo' }).click()]);
  const reportUrl = admin.url().replace(/\?.*$/, '');
  check('draft: version 1, a draft', (await admin.title()).includes('Báo cáo năm 2023 — bản 1 (dự thảo)'), await admin.title());
  check('draft: the number from the form', (await text(admin.locator('#doc-number'))).startsWith('Số: 125/'), await text(admin.locator('#doc-number')));
  await shot(admin, 'r-01-draft-admin');

  // ---- a committee member reads the draft and comments on section I
  const memberContext = await desktopContext(browser);
  const member = await signedInPage(memberContext, base, 'thanhvien', errors);
  await mainNav(member).getByRole('link', { name: 'Báo cáo' }).click();
  await member.waitForURL(/\/reports$/);
  check('member: no draft form', (await member.locator('#draft-form').count()) === 0);
  await member.locator('#reports').getByRole('link', { name: 'Bản 1' }).click();
  await member.waitForURL(/\/reports\/\d+\?version=1$/);
  const doc = member.locator('article.report-doc');
  const docText = await text(doc);
  check('member: the Decree 30 header', docText.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM') && docText.includes('Độc lập - Tự do - Hạnh phúc') && docText.includes('BÁO CÁO'));
  check('member: the date line', (await text(member.locator('#doc-date'))).includes('ngày 14 tháng 12 năm 2023'), await text(member.locator('#doc-date')));
  check('member: the signer from the settings', docText.includes('Nguyễn Văn A'));
  check('member: section I is there', (await member.locator('#s-I h2').count()) === 1);
  check('member: no revise or submit forms', (await member.locator('#revise-form, #submit-form').count()) === 0);
  const sectionI = member.locator('#s-I');
  await sectionI.getByLabel('Góp ý cho mục I', { exact: true }).fill('Đề nghị bổ sung số liệu giải ngân đến hết quý IV và nêu rõ nguyên nhân chậm.');
  await Promise.all([member.waitForURL(/commented=\d+/), sectionI.getByRole('button', { name: 'Gửi góp ý' }).click()]);
  check('member: the comment is sent, and said so', (await member.content()).includes('Đã gửi góp ý'));
  const comment = member.locator('#s-I li.comment');
  check('member: the comment under section I, not answered yet',
    (await comment.count()) === 1 && (await text(comment)).includes('Chưa trả lời') && (await text(comment)).includes('thanhvien'),
    (await comment.count()) ? await text(comment) : 'none');
  check('member: no answer form for a viewer', (await member.locator('.answer-form').count()) === 0);
  await shot(member, 'r-02-member-commented');
  // a forged revision with the member's own token
  const csrf = await member.locator('input[name="csrf"]').first().getAttribute('value');
  const forged = await member.request.post(reportUrl + '/revise', { form: { csrf }, maxRedirects: 0 });
  check('member: a direct revise post gets 403', forged.status() === 403, String(forged.status()));
  const forgedSubmit = await member.request.post(reportUrl + '/submit', { form: { csrf }, maxRedirects: 0 });
  check('member: a direct submit post gets 403', forgedSubmit.status() === 403, String(forgedSubmit.status()));

  // ---- the drafting unit: revising waits for the answer
  await admin.goto(reportUrl);
  check('admin: one comment open', (await text(admin.locator('#version-open'))) === '1');
  const [refused] = await Promise.all([admin.waitForNavigation(), admin.locator('#revise-form').getByRole('button', { name: 'Phát hành bản sửa đổi' }).click()]);
  check('admin: revising with an open comment is refused (409)', refused && refused.status() === 409, refused ? String(refused.status()) : 'no response');
  check('admin: the refusal says why', (await admin.content()).includes('still open'));
  await shot(admin, 'r-03-revise-refused');
  const answerForm = admin.locator('#s-I .answer-form');
  check('admin: an answer form on the open comment', (await answerForm.count()) === 1);
  await answerForm.getByLabel('Trả lời', { exact: true }).selectOption('accepted');
  await answerForm.getByLabel('Nội dung tiếp thu, giải trình').fill('Tiếp thu: đã bổ sung số liệu đến ngày 14/12/2023 tại mục I.2.');
  await Promise.all([admin.waitForURL(/answered=\d+/), answerForm.getByRole('button', { name: 'Gửi trả lời' }).click()]);
  check('admin: the answer shows under the comment', (await text(admin.locator('#s-I li.comment'))).includes('Tiếp thu: đã bổ sung'));
  await shot(admin, 'r-04-answered');
  await Promise.all([admin.waitForURL(/revised=1/), admin.locator('#revise-form').getByRole('button', { name: 'Phát hành bản sửa đổi' }).click()]);
  check('admin: version 2 issued', (await admin.title()).includes('bản 2 (bản sửa đổi)'), await admin.title());
  await admin.locator('#compare-link').click();
  await admin.waitForURL(/compare\?a=1&b=2/);
  check('compare: the number is kept (no change to "Số: 125/")', (await admin.locator('#text-diff del, #text-diff ins', { hasText: 'Số:' }).count()) === 0);
  check('compare: the answered comment is added as the annex', (await admin.locator('#text-diff ins', { hasText: 'TỔNG HỢP Ý KIẾN GÓP Ý' }).count()) === 1);
  await shot(admin, 'r-05-compare');
  await admin.goto(reportUrl);
  await Promise.all([admin.waitForURL(/submitted=1/), admin.locator('#submit-form').getByRole('button', { name: 'Trình ký / Gửi' }).click()]);
  check('admin: submitted', (await text(admin.locator('#version-status'))).includes('Đã trình'));
  check('admin: locked — no forms left', (await admin.locator('.comment-form, #revise-form, #submit-form').count()) === 0);
  await shot(admin, 'r-06-submitted');

  // ---- the member sees the locked report, with the comment log as its annex
  await member.goto(reportUrl);
  check('member: the report is locked', (await member.content()).includes('Báo cáo đã trình ký') && (await member.locator('.comment-form').count()) === 0);
  const logRow = member.locator('#comment-log-table tbody tr').first();
  check('member: the log keeps the question and the answer',
    (await text(logRow)).includes('Đề nghị bổ sung') && (await text(logRow)).includes('Tiếp thu: đã bổ sung'), await text(logRow));
  const docx = member.locator('ul.report-downloads a', { hasText: 'DOCX' }).first();
  const href = await docx.getAttribute('href');
  const download = await member.request.get(base + href);
  check('member: the DOCX of version 2 downloads', download.status() === 200 &&
    download.headers()['content-type'] === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' &&
    (await download.body()).subarray(0, 2).toString() === 'PK', `${href} ${download.status()} ${download.headers()['content-type']}`);

  // ---- a phone: no page scrolls sideways
  const mobile = await phonePage(browser, memberContext);
  errors.watch(mobile);
  const id = reportUrl.replace(/.*\//, '');
  for (const [path, name] of [['/reports', 'r-07-list-360'], [`/reports/${id}?version=1`, 'r-08-draft-360'],
    [`/reports/${id}`, 'r-09-submitted-360'], [`/reports/${id}/compare?a=1&b=2`, 'r-10-compare-360']]) {
    await checkNoSidewaysScroll(mobile, base, path);
    await shot(mobile, name);
  }
  await mobile.context().close();

  errors.check();
  await adminContext.close();
  await memberContext.close();
} catch (e) {
  scenarioBroke(e);
}
await finish('e2e reports', { browser, server, work });
