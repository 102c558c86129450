// harness.mjs — what the browser tests (run.mjs, indicators.mjs, dti.mjs, reports.mjs) share, so
// that each of them reads as its scenario: the paths from the command line
// (node TEST.mjs path/to/dxtrack [artifact-dir]), the pass/fail count, a throw-away database and
// the CLI on it, `dxtrack serve` on a free loopback port, Debian's chromium (through
// playwright-core) with desktop and phone pages, screenshots, the watch for script errors and
// failed loads, the login form, the 360 px "no sideways scroll" check, and the end: close
// everything, print "LABEL: N passed, N failed" and exit 0 only if all passed.
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = resolve(process.argv[2] || join(repo, 'build/dxtrack'));
// the runs on PostgreSQL keep theirs apart, so the two runs of a scenario never overwrite each other
export const artifacts = join(resolve(process.argv[3] || join(repo, 'build/e2e-artifacts')),
  process.env.DXTRACK_TEST_PG ? 'pg' : '');
export const sample = join(repo, 'data/sample/backan-2023');

// ---- checks: "ok   what" or "FAIL what: detail", counted for finish()
let passed = 0, failed = 0;
export function check(what, ok, detail = '') {
  if (ok) { passed++; console.log(`ok   ${what}`); }
  else { failed++; console.log(`FAIL ${what}${detail ? ': ' + detail : ''}`); }
}
// for the catch around a scenario: whatever threw is one failure, with its stack
export function scenarioBroke(e) {
  check('the scenario ran to its end', false, e.stack || String(e));
}

// ---- the database and the CLI
// every user of a test has the password pw-NAME-2023
export const password = (name) => `pw-${name}-2023`;
// a fresh temporary directory (named PREFIX…) for the database, the environment every dxtrack
// process of the test runs with (fixed "now" and locale), and the CLI on it: cli(args, stdin)
// returns its standard output; addUser(name, ...flags) adds a user with password(name)
// The database is the file e2e.db there or, when DXTRACK_TEST_PG names a started cluster
// (tools/pg_cluster.sh start DIR), a new database of that cluster, dropped when the process exits.
export function workspace(prefix) {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const db = process.env.DXTRACK_TEST_PG ? pgDatabase(prefix) : join(work, 'e2e.db');
  const env = { ...process.env, DXTRACK_DB: db, DXTRACK_NOW: '2023-12-14T08:00:00Z', LC_ALL: 'C.UTF-8' };
  mkdirSync(artifacts, { recursive: true });
  const cli = (args, input) => execFileSync(bin, args, { env, input, encoding: 'utf8' });
  const addUser = (name, ...flags) => cli(['user', 'add', name, ...flags, '--password-stdin'], password(name) + '\n');
  return { work, env, cli, addUser };
}

// a new database in the cluster DXTRACK_TEST_PG, named after prefix and this process: its URL
const pgCluster = join(repo, 'tools/pg_cluster.sh');
function pgDatabase(prefix) {
  const cluster = realpathSync(process.env.DXTRACK_TEST_PG); // (BUILD/pg-cluster → /tmp/…: short socket path)
  const name = `${prefix.replace(/[^a-zA-Z0-9]+/g, '_').replace(/_+$/, '')}_${process.pid}_${Date.now() % 100000}`.toLowerCase();
  const url = execFileSync(pgCluster, ['createdb', cluster, name], { encoding: 'utf8' }).trim();
  // dropped at the very end, whatever way the test ends (the server is gone or going: -f)
  process.on('exit', () => {
    try {
      execFileSync(pgCluster, ['dropdb', cluster, name], { stdio: 'ignore' });
    } catch { /* the cluster may be gone already */ }
  });
  return url;
}

// ---- the server: `dxtrack serve` on a free port; resolves once it says "serving on URL/"
async function startServer(env) {
  const child = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--threads', '2'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const base = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('server did not start: ' + log)), 10000);
    child.stderr.on('data', (d) => {
      log += d;
      const m = /serving on (http:\/\/[^/]+)\//.exec(log);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    child.on('exit', () => fail(new Error('server exited: ' + log)));
  });
  return { base, stop: () => child.kill('SIGTERM') };
}

// ---- the browser
const launchBrowser = () => chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
// the server on the database of env, then the browser: { server, base (its URL), browser }
export async function startServerAndBrowser(env) {
  const server = await startServer(env);
  return { server, base: server.base, browser: await launchBrowser() };
}
export const desktopContext = (browser) => browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
// a page on a 360 px phone, signed in as the given context is; close it with page.context().close()
export async function phonePage(browser, signedIn) {
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, storageState: await signedIn.storageState() });
  return phone.newPage();
}
export const shot = (page, name) => page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
// the text of an element with its white space collapsed
export const text = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();
export const mainNav = (page) => page.getByRole('navigation', { name: 'Điều hướng chính' });

// ---- script errors and failed loads: watch(page) collects them from a page; a scenario that
// provokes refusals on purpose names their HTTP statuses (chromium logs them as failed loads)
// in allowStatuses; check() counts one failure if anything else was seen
export function scriptErrors({ allowStatuses = [] } = {}) {
  const seen = [];
  const allowed = allowStatuses.length ? new RegExp(`status of (${allowStatuses.join('|')})`) : null;
  return {
    watch(page) {
      page.on('pageerror', (e) => seen.push(String(e)));
      page.on('console', (m) => {
        if (m.type() === 'error' && !(allowed && allowed.test(m.text()))) seen.push(m.text() + ' ' + JSON.stringify(m.location()));
      });
    },
    check: () => check('no script errors or failed loads in the pages', seen.length === 0, seen.join('; ')),
  };
}

// ---- the login form
// fill it in and press "Đăng nhập" (whatever the outcome)
export async function submitLogin(page, name, pass) {
  await page.getByLabel('Tên đăng nhập').fill(name);
  await page.getByLabel('Mật khẩu').fill(pass);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}
// a new page of context, watched by errors (a scriptErrors()), signed in as name (with
// password(name)) from /login: resolves on the dashboard
export async function signedInPage(context, base, name, errors) {
  const page = await context.newPage();
  errors.watch(page);
  await page.goto(base + '/login');
  await submitLogin(page, name, password(name));
  await page.waitForURL(base + '/');
  return page;
}

// ---- a phone: the page at path is no wider than the screen
export async function checkNoSidewaysScroll(page, base, path) {
  await page.goto(base + path);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(`phone (360 px): ${path} does not scroll sideways`, overflow <= 0, `${overflow} px too wide`);
}

// ---- the end: close the browser, stop the server, remove the database, print the count and
// exit 0 if at least one check passed and none failed
export async function finish(label, { browser, server, work }) {
  try {
    await browser.close();
  } finally {
    server.stop();
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`${label}: ${passed} passed, ${failed} failed (screenshots in ${artifacts})`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}
