#!/usr/bin/env node
// check-site.mjs — accessibility proof for a built nota site.
//
// Usage: node tests/browser/check-site.mjs <site-dir> [--server URL] [--keyboard /url/path/] [--json out.json]
//
// Without --server the site is served from 127.0.0.1 by this script, at the root.
// With --server http://127.0.0.1:PORT/beslisnotas/ the pages are loaded from a server
// that already serves <site-dir> at that URL (e.g. nginx under a sub-path): every page
// is requested under that path, every internal link target is also fetched from the
// server (it must answer 200 with the right Content-Type), and a link that leaves the
// path is broken. --keyboard always takes a path inside the site (/2022/x/).
//
// Government websites in the Netherlands must meet WCAG 2.1/2.2 AA (EN 301 549,
// "Tijdelijk besluit digitale toegankelijkheid overheid"). This script proves it
// for every page a build produces, with the same checks a manual audit starts with:
//
//   axe-core      automated WCAG A/AA rules (contrast, names, landmarks, lang, ...)
//                 run in a real browser, so computed styles and contrast are real.
//   reflow        WCAG 1.4.10: at a 320 CSS px viewport the page must not scroll
//                 horizontally.
//   desktop       at 1280 and 1920 CSS px the main menu stays on one line and no
//                 table region has to scroll: wide tables use the width there is.
//   Nu checker    WCAG 4.1.1 lineage: assistive technology relies on valid,
//                 well-formed HTML (duplicate ids, bad nesting, bad ARIA attrs).
//   links         broken internal links and dangling #fragments are a WCAG 2.4
//                 navigation failure and a plain bug; external links are listed,
//                 never fetched (the check runs offline).
//   keyboard      WCAG 2.1.1 / 2.4.1 / 2.4.3 / 2.4.7: skip link first, logical focus
//                 order, footnote references before their back-links, visible focus.
//
// Everything runs locally: the site is served from 127.0.0.1 (on an ephemeral port,
// or by the --server given), and the browser is forbidden to contact any other host.
//
// Exit codes: 0 all pages pass (and the keyboard test, when asked for);
//             1 at least one check failed; 2 usage error or missing prerequisite.

import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { findChromium, launchBrowser } from './chromium.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const HOST = '127.0.0.1';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const REFLOW_WIDTH = 320;
const DESKTOP_WIDTHS = [1280, 1920];
const DESKTOP = { width: 1280, height: 800 };
const MAX_TABS = 200;
// Whole-run limit so a hung browser or JVM cannot stall CI; override with CHECK_SITE_TIMEOUT (seconds).
const RUN_TIMEOUT_S = Number(process.env.CHECK_SITE_TIMEOUT) || 900;
const children = new Set(); // spawned processes to kill if the watchdog fires
// The root 404.html is loaded at this path, which exists nowhere, so the server
// answers with the real 404 status exactly as a visitor would see it.
const MISSING_PAGE = '/nota-check-missing-page';
// The path the site is served under ("" at the root, "/beslisnotas" with --server
// http://127.0.0.1:PORT/beslisnotas/); every URL path below includes it.
let basePath = '';
// What a server must answer for each kind of file, in --server mode: the
// accepted media types and whether the charset must be given as UTF-8.
const SERVED_TYPES = {
  '.html': [['text/html'], true], '.css': [['text/css'], true], '.csv': [['text/csv'], true],
  '.xml': [['application/xml', 'text/xml', 'application/atom+xml'], true], '.txt': [['text/plain'], true],
  '.js': [['text/javascript', 'application/javascript'], true], '.json': [['application/json'], false],
  '.svg': [['image/svg+xml'], false], '.png': [['image/png'], false], '.jpg': [['image/jpeg'], false],
  '.jpeg': [['image/jpeg'], false], '.gif': [['image/gif'], false], '.webp': [['image/webp'], false],
  '.pdf': [['application/pdf'], false], '.woff2': [['font/woff2'], false],
};

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8', '.map': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.gif': 'image/gif', '.webp': 'image/webp', '.avif': 'image/avif', '.ico': 'image/x-icon',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.otf': 'font/otf',
  '.pdf': 'application/pdf', '.wasm': 'application/wasm',
};

// ---------------------------------------------------------------- prerequisites

/** Print a message and stop with exit code 2 (environment or usage problem). */
function die(message) {
  console.error(`check-site: ${message}`);
  process.exit(2);
}

function parseCli(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        keyboard: { type: 'string' }, json: { type: 'string' }, server: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    die(`${err.message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length !== 1) die(USAGE);
  const siteDir = path.resolve(positionals[0]);
  if (!existsSync(siteDir) || !statSync(siteDir).isDirectory()) die(`site directory not found: ${siteDir}`);
  if (values.keyboard !== undefined && !values.keyboard.startsWith('/')) {
    die(`--keyboard takes a site path starting with "/", got "${values.keyboard}"`);
  }
  let server = null;
  if (values.server !== undefined) {
    let url;
    try { url = new URL(values.server); } catch { die(`--server takes a URL, got "${values.server}"`); }
    if (url.hostname !== HOST || !url.pathname.endsWith('/') || url.search || url.hash) {
      die(`--server takes the site's home page on ${HOST}, ending in "/", e.g. http://${HOST}:8080/beslisnotas/; got "${values.server}"`);
    }
    server = { origin: url.origin, basePath: url.pathname.slice(0, -1) };
  }
  return { siteDir, server, keyboardPath: values.keyboard, jsonOut: values.json && path.resolve(values.json) };
}

const USAGE = 'usage: node tests/browser/check-site.mjs <site-dir> [--server URL] [--keyboard /url/path/] [--json out.json]';

/** Locate the npm-installed tools; a missing node_modules is a setup problem, not a test failure. */
function resolveTools() {
  const hint = `run: (cd ${path.relative(process.cwd(), HERE) || '.'} && npm ci --ignore-scripts --no-audit --no-fund)`;
  const tools = {};
  try {
    tools.axe = require.resolve('axe-core/axe.min.js');
    tools.playwright = require.resolve('playwright-core');
  } catch {
    die(`npm packages for the browser checks are not installed; ${hint}`);
  }
  tools.vnuJar = findVnuJar();
  if (!tools.vnuJar) die(`vnu.jar not found in node_modules/vnu-jar; ${hint}`);
  return tools;
}

/** vnu-jar's main module exports the jar path; fall back to its known location. */
function findVnuJar() {
  const candidates = [];
  try { candidates.push(String(require('vnu-jar'))); } catch { /* not installed */ }
  candidates.push(path.join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar'));
  return candidates.find((p) => existsSync(p));
}

function findJava() {
  const java = process.env.JAVA || 'java';
  const probe = spawnSync(java, ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    die(`Java runtime not found ("${java}"); the Nu Html Checker needs it. Install it with: apt-get install -y default-jre-headless`);
  }
  return java;
}


// ---------------------------------------------------------------- site files

/** Every .html file below siteDir, as paths relative to it with "/" separators. */
function listHtmlFiles(siteDir, rel = '') {
  const out = [];
  for (const entry of readdirSync(path.join(siteDir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listHtmlFiles(siteDir, child));
    else if (entry.isFile() && /\.html?$/i.test(entry.name)) out.push(child);
  }
  return out.sort();
}

/** The URL path a visitor uses for a file: folders end in "/", the root 404 page at a missing URL. */
function urlPathForFile(file) {
  if (file === '404.html') return basePath + MISSING_PAGE;
  const encoded = file.split('/').map(encodeURIComponent).join('/');
  if (encoded === 'index.html') return `${basePath}/`;
  if (encoded.endsWith('/index.html')) return `${basePath}/${encoded.slice(0, -'index.html'.length)}`;
  return `${basePath}/${encoded}`;
}

/** The path inside the site of a URL path, or null when it lies outside the site's path. */
function insideSite(pathname) {
  if (!basePath) return pathname;
  return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : null;
}

/**
 * Map a URL pathname to what the server would send: { file } for a regular file,
 * { redirect } for a folder without trailing slash, or { missing: true }.
 * Shared by the server and the link checker so both agree on what "exists" means.
 */
function resolveSitePath(siteDir, urlPath) {
  const pathname = insideSite(urlPath);
  if (pathname === null) return { missing: true, outside: true };
  let decoded;
  try {
    decoded = pathname.split('/').map(decodeURIComponent).join('/');
  } catch {
    return { missing: true };
  }
  if (decoded.includes('\0')) return { missing: true };
  const abs = path.resolve(siteDir, `.${path.posix.normalize(decoded)}`);
  if (abs !== siteDir && !abs.startsWith(siteDir + path.sep)) return { missing: true };
  const stat = statOrNull(abs);
  if (stat?.isFile()) return { file: abs };
  if (stat?.isDirectory()) {
    if (!pathname.endsWith('/')) return { redirect: `${urlPath}/` };
    const index = path.join(abs, 'index.html');
    if (statOrNull(index)?.isFile()) return { file: index };
  }
  return { missing: true };
}

function statOrNull(p) {
  try { return statSync(p); } catch { return null; }
}

function contentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

// ---------------------------------------------------------------- static server

/** Serve siteDir like a plain static host: index.html for folders, 301 to add "/", 404.html for missing files. */
function startServer(siteDir) {
  const notFoundPage = path.join(siteDir, '404.html');
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url, `http://${HOST}`);
    const target = resolveSitePath(siteDir, url.pathname);
    if (target.redirect) {
      res.writeHead(301, { Location: target.redirect + url.search }).end();
    } else if (target.file) {
      sendFile(req, res, 200, target.file);
    } else if (existsSync(notFoundPage)) {
      sendFile(req, res, 404, notFoundPage);
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 Not Found\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => resolve({ server, origin: `http://${HOST}:${server.address().port}` }));
  });
}

function sendFile(req, res, status, file) {
  res.writeHead(status, {
    'Content-Type': contentType(file),
    'Content-Length': statSync(file).size,
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

// ---------------------------------------------------------------- Nu Html Checker

/**
 * Run vnu.jar once over all files (one JVM start is much cheaper than one per page).
 * Resolves to a Map of relative file → { errors, warnings }.
 */
function runVnu(java, jar, siteDir, files) {
  const byFile = new Map(files.map((f) => [f, { errors: [], warnings: [] }]));
  if (files.length === 0) return Promise.resolve(byFile);
  const absFiles = files.map((f) => path.join(siteDir, f));
  return new Promise((resolve, reject) => {
    const child = spawn(java, ['-jar', jar, '--format', 'json', ...absFiles], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    child.on('exit', () => children.delete(child));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      let report;
      try {
        report = JSON.parse(stderr.trim() || stdout.trim());
      } catch {
        reject(new Error(`vnu.jar exited ${code} without JSON output:\n${stderr}${stdout}`));
        return;
      }
      for (const msg of report.messages || []) addVnuMessage(byFile, siteDir, msg);
      resolve(byFile);
    });
  });
}

function addVnuMessage(byFile, siteDir, msg) {
  const file = msg.url ? path.relative(siteDir, fileURLToPath(msg.url)).split(path.sep).join('/') : '';
  const entry = byFile.get(file) ?? { errors: [], warnings: [] };
  byFile.set(file, entry);
  const item = { line: msg.lastLine ?? msg.firstLine ?? null, column: msg.firstColumn ?? null, message: msg.message, extract: msg.extract };
  // "non-document-error" means the checker could not read the file at all: that fails too.
  if (msg.type === 'error' || msg.type === 'non-document-error') entry.errors.push(item);
  else if (msg.type === 'info' && msg.subType === 'warning') entry.warnings.push(item);
}

// ---------------------------------------------------------------- browser


/**
 * A browser context that can only talk to our server. bypassCSP lets axe be injected
 * into pages whose own Content-Security-Policy forbids inline scripts.
 */
async function newLocalContext(browser, blockedLog) {
  const context = await browser.newContext({ viewport: DESKTOP, bypassCSP: true, serviceWorkers: 'block' });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === HOST) return route.continue();
    blockedLog.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  return context;
}

/** Load one page, run axe, the reflow check and collect links and ids for the link checker. */
async function checkPage(context, origin, axePath, page) {
  const tab = await context.newPage();
  const blockedBefore = page.blocked.length;
  try {
    const response = await tab.goto(origin + page.urlPath, { waitUntil: 'load', timeout: 30_000 });
    page.status = response ? response.status() : null;
    const expected = page.file === '404.html' ? 404 : 200;
    if (page.status !== expected) page.problems.push(`HTTP status ${page.status}, expected ${expected}`);
    const typeProblem = response && servedTypeProblem('.html', response.headers()['content-type']);
    if (typeProblem) page.problems.push(typeProblem);
    page.axe = await runAxe(tab, axePath);
    page.dom = await collectLinksAndIds(tab);
    page.reflow = await checkReflow(tab);
    page.desktop = await checkDesktopLayout(tab);
  } catch (err) {
    page.problems.push(`could not check page: ${err.message.split('\n')[0]}`);
  } finally {
    page.blockedRequests = page.blocked.splice(blockedBefore);
    await tab.close();
  }
}

async function runAxe(tab, axePath) {
  await tab.addScriptTag({ path: axePath });
  return tab.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return {
      violations: result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        targets: v.nodes.map((n) => n.target.join(' ')),
      })),
      incomplete: result.incomplete.map((v) => v.id),
    };
  }, AXE_TAGS);
}

/** WCAG 1.4.10: at 320 CSS px the document must fit without horizontal scrolling. */
async function checkReflow(tab) {
  await tab.setViewportSize({ width: REFLOW_WIDTH, height: 640 });
  await tab.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const result = await tab.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const wide = [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > width + 1);
    const innermost = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
    const describe = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') +
      [...el.classList].slice(0, 2).map((c) => `.${c}`).join('');
    return { scrollWidth: root.scrollWidth, clientWidth: width, offenders: innermost.slice(0, 5).map(describe) };
  });
  await tab.setViewportSize(DESKTOP);
  return { ...result, ok: result.scrollWidth <= result.clientWidth };
}

/**
 * At desktop widths the main menu is one line and every table region shows its
 * whole table: a menu that wraps its last item, or an inventory cut off in a
 * narrow column, wastes the screen the reader has.
 */
async function checkDesktopLayout(tab) {
  const problems = [];
  for (const width of DESKTOP_WIDTHS) {
    await tab.setViewportSize({ width, height: 800 });
    await tab.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const found = await tab.evaluate(() => {
      const rows = new Set([...document.querySelectorAll('.site-nav li')]
        .map((li) => Math.round(li.getBoundingClientRect().top)));
      const clipped = [...document.querySelectorAll('.tabel')]
        .filter((region) => region.scrollWidth > region.clientWidth + 1)
        .map((region) => `${region.getAttribute('aria-labelledby') || 'table'} (${region.scrollWidth}px in ${region.clientWidth}px)`);
      return { menuRows: rows.size, clipped };
    });
    if (found.menuRows > 1) problems.push(`the main menu takes ${found.menuRows} lines at ${width}px`);
    for (const c of found.clipped) problems.push(`table region ${c} scrolls at ${width}px`);
  }
  await tab.setViewportSize(DESKTOP);
  return problems;
}

/** Everything the link checker needs from the rendered DOM: link targets and the page's ids. */
async function collectLinksAndIds(tab) {
  return tab.evaluate(() => {
    const pick = (selector, attr) => [...document.querySelectorAll(selector)].map((el) => {
      const raw = el.getAttribute(attr);
      let resolved = null;
      try { resolved = new URL(raw, document.baseURI).href; } catch { /* reported as broken */ }
      return { tag: el.tagName.toLowerCase(), attr, raw, resolved };
    });
    const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
    const names = [...document.querySelectorAll('a[name]')].map((el) => el.getAttribute('name'));
    return {
      links: [...pick('a[href]', 'href'), ...pick('link[href]', 'href'), ...pick('img[src]', 'src'), ...pick('script[src]', 'src')],
      ids: [...ids, ...names],
    };
  });
}

// ---------------------------------------------------------------- link check

/**
 * Internal links must point at a file the site contains, and a #fragment at an id in
 * the target page. Ids come from the rendered pages, so they are known for every
 * .html file once all pages are loaded.
 */
function checkLinks(pages, siteDir, origin) {
  const idsByFile = new Map(pages.filter((p) => p.dom).map((p) => [path.join(siteDir, p.file), new Set(p.dom.ids)]));
  for (const page of pages) {
    if (!page.dom) continue;
    const self = { url: origin + page.urlPath, ids: new Set(page.dom.ids) };
    for (const link of page.dom.links) {
      const verdict = classifyLink(link, siteDir, origin, idsByFile, self);
      if (verdict.external) page.externalLinks.push(link.resolved);
      if (verdict.broken) page.brokenLinks.push({ ...link, reason: verdict.broken });
    }
  }
}

/** Verdict for one link: {} when fine, { external } to list it, { broken: reason } otherwise. */
function classifyLink(link, siteDir, origin, idsByFile, self) {
  if (link.raw.trim() === '') return { broken: 'empty URL' };
  if (!link.resolved) return { broken: 'not a valid URL' };
  const url = new URL(link.resolved);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return {}; // mailto:, tel:, data: ...
  if (url.origin !== origin) return { external: true };
  const fragment = url.hash.length > 1 ? decodeSafe(url.hash.slice(1)) : null;
  // Same-document links ("#x") are checked against the page as loaded; this also covers
  // 404.html, which is served at a URL that has no file of its own.
  if (withoutHash(url) === withoutHash(new URL(self.url))) return checkFragment(fragment, self.ids, 'this page');
  let target = resolveSitePath(siteDir, url.pathname);
  if (target.redirect) target = resolveSitePath(siteDir, target.redirect);
  if (target.outside) return { broken: `${decodeSafe(url.pathname)} is outside the site's path ${basePath}/` };
  if (!target.file) return { broken: `no file for ${decodeSafe(url.pathname)}` };
  const ids = idsByFile.get(target.file);
  if (!ids) return {}; // not an HTML page (e.g. a PDF): fragments are not ours to check
  return checkFragment(fragment, ids, path.relative(siteDir, target.file).split(path.sep).join('/'));
}

function checkFragment(fragment, ids, where) {
  if (fragment === null || fragment.toLowerCase() === 'top') return {}; // "#top" means the top by definition
  return ids.has(fragment) ? {} : { broken: `no element with id "${fragment}" in ${where}` };
}

function withoutHash(url) {
  return url.origin + url.pathname + url.search;
}

function decodeSafe(s) {
  try { return decodeURIComponent(s); } catch { return s; }
}

/** Why a server's Content-Type is wrong for a file with extension `ext`, or null. */
function servedTypeProblem(ext, contentType) {
  const expected = SERVED_TYPES[ext.toLowerCase()];
  if (!expected) return null;
  const [types, utf8] = expected;
  const [essence, ...params] = (contentType || '').split(';').map((p) => p.trim().toLowerCase());
  if (!types.includes(essence)) return `served as "${contentType || 'no Content-Type'}", expected ${types.join(' or ')}`;
  if (utf8 && !params.includes('charset=utf-8')) return `served as "${contentType}", without charset=utf-8`;
  return null;
}

/**
 * --server mode: fetch every internal link target (without fragment) from the server
 * itself, following redirects, and mark links whose target does not answer 200 with
 * the right Content-Type as broken. Proves the server's configuration, not just the files.
 */
async function fetchLinkTargets(pages, origin) {
  const verdicts = new Map();
  // Same-document links ("#inhoud") are the page itself, checked as loaded (the 404
  // page is loaded at a missing URL on purpose).
  const elsewhere = (page, link) => {
    if (!link.resolved) return null;
    const url = new URL(link.resolved);
    url.hash = '';
    return url.origin === origin && url.href !== origin + page.urlPath ? url : null;
  };
  for (const page of pages) {
    for (const link of page.dom?.links ?? []) {
      const url = elsewhere(page, link);
      if (url && !verdicts.has(url.href)) verdicts.set(url.href, null);
    }
  }
  for (const href of verdicts.keys()) {
    try {
      const response = await fetch(href, { redirect: 'follow' });
      await response.arrayBuffer();
      const ext = path.posix.extname(new URL(response.url).pathname) || '.html';
      verdicts.set(href, response.status !== 200 ? `the server answered ${response.status}`
        : servedTypeProblem(ext, response.headers.get('content-type')));
    } catch (err) {
      verdicts.set(href, `could not fetch: ${err.message}`);
    }
  }
  for (const page of pages) {
    for (const link of page.dom?.links ?? []) {
      const url = elsewhere(page, link);
      const problem = url && verdicts.get(url.href);
      if (problem && !page.brokenLinks.some((b) => b.raw === link.raw)) {
        page.brokenLinks.push({ ...link, reason: `${url.pathname}: ${problem}` });
      }
    }
  }
  return verdicts.size;
}

// ---------------------------------------------------------------- keyboard test

/**
 * Tab through one page like a keyboard user and check WCAG 2.4.1 (skip link first and
 * working), 2.4.3 (focus order follows the document, footnote references before the
 * back-links), 2.1.1 (every link in main reachable) and 2.4.7 (focus always visible).
 */
async function keyboardTest(context, origin, urlPath) {
  const tab = await context.newPage();
  try {
    const response = await tab.goto(origin + urlPath, { waitUntil: 'load', timeout: 30_000 });
    const failures = [];
    if (!response || response.status() !== 200) failures.push(`HTTP status ${response?.status()} for ${urlPath}`);
    const steps = await tabThrough(tab);
    const analysis = await tab.evaluate(analyseFocusOrder);
    failures.push(...focusFailures(steps, analysis));
    failures.push(...(await skipLinkFailures(tab, origin + urlPath, steps, analysis)));
    return { urlPath, steps, failures, ok: failures.length === 0 };
  } finally {
    await tab.close();
  }
}

/** Press Tab until focus leaves the document or comes back to the first element. */
async function tabThrough(tab) {
  await tab.evaluate(() => { window.__notaFocus = []; });
  const steps = [];
  for (let i = 0; i < MAX_TABS; i += 1) {
    await tab.keyboard.press('Tab');
    const step = await tab.evaluate(describeFocus);
    if (step.cycled || step.tag === 'body' || step.tag === null) break;
    steps.push(step);
  }
  return steps;
}

/** Runs in the page: record document.activeElement and how its focus indicator looks. */
function describeFocus() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return { tag: el ? 'body' : null };
  if (window.__notaFocus.length > 0 && window.__notaFocus[0] === el) return { cycled: true };
  window.__notaFocus.push(el);
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
  const rect = el.getBoundingClientRect();
  const onScreen = rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0 &&
    rect.top < innerHeight && rect.left < innerWidth;
  return {
    tag: el.tagName.toLowerCase(),
    href: el.getAttribute('href'),
    text: (el.innerText || el.getAttribute('aria-label') || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 60),
    role: el.getAttribute('role'),
    id: el.id || null,
    inMain: Boolean(el.closest('main')),
    outline: `${style.outlineStyle} ${style.outlineWidth}`,
    boxShadow: style.boxShadow,
    onScreen,
    focusVisible: (outline || shadow) && onScreen,
  };
}

/** Runs in the page after tabThrough: compare the recorded focus order with the DOM. */
function analyseFocusOrder() {
  const seq = window.__notaFocus;
  const main = document.querySelector('main');
  const isShown = (el) => (el.checkVisibility ? el.checkVisibility() : el.offsetParent !== null) && !el.closest('[inert]');
  const indexOf = (el) => seq.indexOf(el);
  const label = (el) => {
    const href = el.getAttribute('href');
    const text = (el.innerText || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `${el.tagName.toLowerCase()}${href ? ` href="${href}"` : ''}${text ? ` "${text}"` : ''}`;
  };

  const outOfOrder = [];
  for (let i = 1; i < seq.length; i += 1) {
    if (!(seq[i - 1].compareDocumentPosition(seq[i]) & Node.DOCUMENT_POSITION_FOLLOWING)) {
      outOfOrder.push(`${label(seq[i])} (step ${i + 1}) comes before ${label(seq[i - 1])} (step ${i}) in the document`);
    }
  }
  const mainLinks = main ? [...main.querySelectorAll('a[href]')].filter(isShown) : [];
  const noterefs = [...document.querySelectorAll('[role~="doc-noteref"]')];
  const backlinks = [...document.querySelectorAll('[role~="doc-backlink"]')];

  const first = seq[0];
  let skip = { ok: false, reason: 'no element received focus' };
  if (first) {
    const href = first.getAttribute('href') || '';
    const target = href.startsWith('#') ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
    if (first.tagName !== 'A' || !href.startsWith('#')) skip = { ok: false, reason: `first focus is ${label(first)}, not a skip link` };
    else if (!main) skip = { ok: false, reason: 'page has no <main> element' };
    else if (!target) skip = { ok: false, reason: `skip link ${href} points at no element` };
    else if (target !== main && !main.contains(target)) skip = { ok: false, reason: `skip link ${href} does not point into <main>` };
    else skip = { ok: true };
  }
  return {
    skip,
    outOfOrder,
    firstInMain: seq.findIndex((el) => main && main.contains(el)),
    unreachedMainLinks: mainLinks.filter((el) => indexOf(el) < 0).map(label),
    noterefs: noterefs.map(indexOf),
    backlinks: backlinks.map(indexOf),
  };
}

function focusFailures(steps, analysis) {
  const failures = [];
  if (!analysis.skip.ok) failures.push(`skip link: ${analysis.skip.reason}`);
  if (analysis.firstInMain < 0) failures.push('focus never reached an element inside <main>');
  for (const msg of analysis.outOfOrder) failures.push(`focus order: ${msg}`);
  for (const msg of analysis.unreachedMainLinks) failures.push(`link in <main> never received focus: ${msg}`);
  const missedRefs = analysis.noterefs.filter((i) => i < 0).length;
  const missedBacks = analysis.backlinks.filter((i) => i < 0).length;
  if (missedRefs) failures.push(`${missedRefs} doc-noteref element(s) never received focus`);
  if (missedBacks) failures.push(`${missedBacks} doc-backlink link(s) never received focus`);
  const lastRef = Math.max(-1, ...analysis.noterefs);
  const reachedBacks = analysis.backlinks.filter((i) => i >= 0);
  if (reachedBacks.length && lastRef > Math.min(...reachedBacks)) {
    failures.push('a doc-noteref receives focus after a doc-backlink');
  }
  steps.forEach((s, i) => {
    if (!s.focusVisible) {
      failures.push(`step ${i + 1} (${stepLabel(s)}): focus not visible ` +
        `(outline ${s.outline}, box-shadow ${s.boxShadow}${s.onScreen ? '' : ', element off screen'})`);
    }
  });
  return failures;
}

/** Activate the skip link with Enter; the next Tab must land on the first focusable element in main. */
async function skipLinkFailures(tab, url, steps, analysis) {
  if (!analysis.skip.ok || analysis.firstInMain < 0) return [];
  const expected = steps[analysis.firstInMain];
  await tab.goto(url, { waitUntil: 'load' });
  await tab.evaluate(() => { window.__notaFocus = []; });
  await tab.keyboard.press('Tab');
  await tab.keyboard.press('Enter');
  await tab.evaluate(() => { window.__notaFocus = []; });
  await tab.keyboard.press('Tab');
  const got = await tab.evaluate(describeFocus);
  const same = ['tag', 'href', 'id', 'text'].every((k) => got[k] === expected[k]);
  return same ? [] : [`after activating the skip link, Tab went to ${stepLabel(got)}, ` +
    `not to the first focusable element in <main> (${stepLabel(expected)})`];
}

function stepLabel(step) {
  if (!step.tag || step.tag === 'body') return 'the page body';
  return `${step.tag}${step.href ? ` href="${step.href}"` : ''}${step.text ? ` "${step.text}"` : ''}`;
}

// ---------------------------------------------------------------- report

function pageFailed(page) {
  return page.problems.length > 0 ||
    (page.axe?.violations.length ?? 0) > 0 ||
    (page.reflow && !page.reflow.ok) ||
    (page.desktop?.length ?? 0) > 0 ||
    page.vnu.errors.length > 0 ||
    page.brokenLinks.length > 0;
}

function printPage(page) {
  const failed = pageFailed(page);
  console.log(`${failed ? 'FAIL' : 'ok  '} ${page.urlPath}  (${page.file})`);
  for (const p of page.problems) console.log(`    error: ${p}`);
  for (const v of page.axe?.violations ?? []) {
    console.log(`    axe ${v.id} [${v.impact}]: ${v.help}`);
    for (const t of v.targets.slice(0, 5)) console.log(`        at ${t}`);
    if (v.targets.length > 5) console.log(`        ... and ${v.targets.length - 5} more`);
  }
  if (page.reflow && !page.reflow.ok) {
    console.log(`    reflow: ${page.reflow.scrollWidth}px wide at a ${REFLOW_WIDTH}px viewport` +
      ` (too wide: ${page.reflow.offenders.join(', ') || 'unknown'})`);
  }
  for (const d of page.desktop ?? []) console.log(`    desktop: ${d}`);
  for (const e of page.vnu.errors) console.log(`    vnu error${e.line ? ` line ${e.line}` : ''}: ${e.message}`);
  for (const w of page.vnu.warnings) console.log(`    vnu warning${w.line ? ` line ${w.line}` : ''}: ${w.message}`);
  for (const l of page.brokenLinks) console.log(`    broken link <${l.tag} ${l.attr}="${l.raw}">: ${l.reason}`);
  if (page.axe?.incomplete.length) console.log(`    axe needs manual review: ${page.axe.incomplete.join(', ')}`);
  for (const b of page.blockedRequests) console.log(`    blocked external request: ${b}`);
}

function printKeyboard(result) {
  console.log(`\nkeyboard test ${result.urlPath}: ${result.ok ? 'ok' : 'FAIL'} (${result.steps.length} focus stops)`);
  result.steps.forEach((s, i) => {
    const role = s.role ? ` role=${s.role}` : '';
    console.log(`    ${String(i + 1).padStart(3)}. ${s.tag}${role}${s.href ? ` ${s.href}` : ''} "${s.text}"${s.focusVisible ? '' : '  [focus NOT visible]'}`);
  });
  for (const f of result.failures) console.log(`    FAIL ${f}`);
}

function printExternal(pages) {
  const external = [...new Set(pages.flatMap((p) => p.externalLinks))].sort();
  if (external.length === 0) return;
  console.log(`\nexternal links (listed, not fetched): ${external.length}`);
  for (const url of external) console.log(`    ${url}`);
}

// ---------------------------------------------------------------- main

function startWatchdog() {
  setTimeout(() => {
    console.error(`check-site: gave up after ${RUN_TIMEOUT_S}s (set CHECK_SITE_TIMEOUT to allow more)`);
    for (const child of children) child.kill('SIGKILL');
    process.exit(2); // playwright-core kills the browser it launched on exit
  }, RUN_TIMEOUT_S * 1000).unref();
}

async function main() {
  startWatchdog();
  const { siteDir, server: given, keyboardPath: keyboardSitePath, jsonOut } = parseCli(process.argv.slice(2));
  basePath = given?.basePath ?? '';
  const keyboardPath = keyboardSitePath && basePath + keyboardSitePath;
  const tools = resolveTools();
  const java = findJava();
  const chromiumPath = findChromium(die);

  const files = listHtmlFiles(siteDir);
  if (files.length === 0) die(`no .html files in ${siteDir}`);
  if (keyboardPath) {
    const target = resolveSitePath(siteDir, keyboardPath);
    if (!target.file && !target.redirect) die(`--keyboard ${keyboardPath} is not a page of the site`);
  }

  const vnuPromise = runVnu(java, tools.vnuJar, siteDir, files);
  vnuPromise.catch(() => {}); // awaited below; avoid an unhandled rejection while pages load
  const { server, origin } = given ? { server: null, origin: given.origin } : await startServer(siteDir);
  const browser = await launchBrowser(tools.playwright, chromiumPath, die);
  const blocked = [];
  const pages = files.map((file) => ({
    file, urlPath: urlPathForFile(file), status: null, problems: [], axe: null, reflow: null, desktop: null,
    dom: null, brokenLinks: [], externalLinks: [], blocked, blockedRequests: [], vnu: null,
  }));

  let keyboard = null;
  try {
    const context = await newLocalContext(browser, blocked);
    for (const page of pages) await checkPage(context, origin, tools.axe, page);
    checkLinks(pages, siteDir, origin);
    if (given) {
      const fetched = await fetchLinkTargets(pages, origin);
      console.log(`fetched ${fetched} internal link targets from ${origin}${basePath}/`);
    }
    if (keyboardPath) keyboard = await keyboardTest(context, origin, keyboardPath);
    const vnu = await vnuPromise;
    for (const page of pages) page.vnu = vnu.get(page.file) ?? { errors: [], warnings: [] };
  } finally {
    await browser.close();
    server?.close();
  }

  for (const page of pages) printPage(page);
  printExternal(pages);
  if (keyboard) printKeyboard(keyboard);

  const failed = pages.filter(pageFailed).length;
  const passed = pages.length - failed;
  if (jsonOut) writeJson(jsonOut, { siteDir, pages, keyboard, passed, failed });
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 && (!keyboard || keyboard.ok) ? 0 : 1;
}

function writeJson(file, { siteDir, pages, keyboard, passed, failed }) {
  const clean = pages.map(({ blocked, dom, ...rest }) => ({
    ...rest, passed: !pageFailed(rest), links: dom ? dom.links.length : 0,
  }));
  writeFileSync(file, `${JSON.stringify({ site: siteDir, axeTags: AXE_TAGS, pages: clean, keyboard, passed, failed }, null, 2)}\n`);
}

main().catch((err) => {
  console.error(`check-site: ${err.stack || err}`);
  process.exit(2);
});
