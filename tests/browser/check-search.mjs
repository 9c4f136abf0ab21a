#!/usr/bin/env node
// check-search.mjs — the search page of a built nota site in a real browser.
//
// Usage: node tests/browser/check-search.mjs <site-dir> <checks.json> [--json out.json]
//
// checks.json (every key optional):
//   { "first":    [{ "q": "…", "url": "/path/" }],   the result list starts with url
//     "finds":    [{ "q": "…", "url": "/path/" }],   url is among the results
//     "none":     ["…"],                             a query that finds nothing
//     "absent":   ["…"],                             a word in no file under zoeken/index/ (folded)
//     "facet":    { "q": "…", "param": "soort", "value": "kamerbrief" },
//     "keyboard": "…",                               typed into the field, Enter, results
//     "measure":  ["…"] }                            queries only timed and weighed
//
// For every query page: the count is announced in the status region, axe-core
// (WCAG 2.0–2.2 A/AA) and the Nu Html Checker (on the page as rendered, after
// the results are in) report nothing, no script error happens, and nothing is
// requested from another host. The server compresses text as nginx does by
// default (gzip, level 1), so the body bytes it sent for a page load are what
// a visitor's first query costs (reported with the time the script took, and
// what Chromium counted with headers).
//
// Exit codes: 0 all checks pass; 1 a check failed; 2 usage or missing prerequisite.

import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

import { findChromium, launchBrowser } from './chromium.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const HOST = '127.0.0.1';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.txt': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
};
// What nginx is commonly told to compress (its default is text/html only).
const COMPRESSED = /^(text\/|application\/json|image\/svg)/;

function die(message) {
  console.error(`check-search: ${message}`);
  process.exit(2);
}

const [siteArg, checksArg, ...rest] = process.argv.slice(2);
if (!siteArg || !checksArg) die('usage: node tests/browser/check-search.mjs <site-dir> <checks.json> [--json out.json]');
const siteDir = path.resolve(siteArg);
const checks = JSON.parse(readFileSync(checksArg, 'utf8'));
const jsonOut = rest[0] === '--json' ? rest[1] : null;
let axePath;
let playwrightPath;
try {
  axePath = require.resolve('axe-core/axe.min.js');
  playwrightPath = require.resolve('playwright-core');
} catch {
  die(`npm packages missing; run: (cd ${path.relative(process.cwd(), HERE) || '.'} && npm ci --ignore-scripts --no-audit --no-fund)`);
}
const vnuJar = [path.join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar')].find(existsSync);
if (!vnuJar) die('vnu.jar not found in node_modules/vnu-jar');

// ---------------------------------------------------------------- server

function fileFor(urlPath) {
  const clean = path.normalize(decodeURIComponent(urlPath)).replace(/^(\.\.[/\\])+/, '');
  let file = path.join(siteDir, clean);
  if (!file.startsWith(siteDir)) return null;
  if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
  return existsSync(file) ? file : null;
}

/** Body bytes the server sent since the last reset (a query's transfer). */
let served = 0;

function startServer() {
  const server = http.createServer((req, res) => {
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    res.write = (chunk, ...more) => {
      if (chunk) served += chunk.length;
      return write(chunk, ...more);
    };
    res.end = (chunk, ...more) => {
      if (chunk && typeof chunk !== 'function') served += chunk.length;
      return end(chunk, ...more);
    };
    const url = new URL(req.url, `http://${HOST}`);
    const file = fileFor(url.pathname);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const type = TYPES[path.extname(file)] || 'application/octet-stream';
    const gzip = COMPRESSED.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] || '');
    res.writeHead(200, { 'Content-Type': type, ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) });
    const stream = createReadStream(file);
    (gzip ? stream.pipe(zlib.createGzip({ level: 1 })) : stream).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, HOST, () => resolve(server)));
}

// ---------------------------------------------------------------- checks

const failures = [];
const fail = (what) => { failures.push(what); console.log(`FAIL ${what}`); };

function runVnu(html) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'check-search-'));
  const file = path.join(dir, 'zoeken.html');
  writeFileSync(file, html);
  return new Promise((resolve) => {
    const child = spawn(process.env.JAVA || 'java', ['-jar', vnuJar, '--format', 'json', file]);
    let out = '';
    child.stderr.on('data', (d) => { out += d; });
    child.stdout.on('data', (d) => { out += d; });
    child.on('close', () => {
      rmSync(dir, { recursive: true, force: true });
      try {
        resolve((JSON.parse(out).messages || []).filter((m) => m.type === 'error' || m.type === 'non-document-error'));
      } catch {
        resolve([{ message: `vnu gave no report: ${out.slice(0, 300)}` }]);
      }
    });
  });
}

/** Opens the search page for `params` in a fresh context; what it showed and cost. */
async function query(browser, origin, params, { audit = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const blocked = [];
  await context.route('**/*', (route) => {
    if (new URL(route.request().url()).hostname === HOST) return route.continue();
    blocked.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  const tab = await context.newPage();
  const errors = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  tab.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Network.enable');
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  const url = `${origin}/zoeken/?${new URLSearchParams(params)}`;
  served = 0;
  await tab.goto(url, { waitUntil: 'load' });
  await tab.waitForFunction(() => {
    const s = document.getElementById('zoekstatus');
    return s && s.textContent && !s.textContent.startsWith('Bezig');
  }, null, { timeout: 30_000 });
  await tab.waitForLoadState('networkidle');
  const result = {
    params,
    status: await tab.textContent('#zoekstatus'),
    urls: await tab.$$eval('#zoekresultaten li h2 a', (as) => as.map((a) => a.getAttribute('href'))),
    marks: await tab.$$eval('#zoekresultaten mark', (ms) => ms.length),
    checked: await tab.$$eval('#zoekfilters input:checked', (bs) => bs.map((b) => `${b.name}=${b.value}`)),
    ms: Number(await tab.getAttribute('#zoeken', 'data-ms')),
    bytes: served,
    wire: bytes,
    errors,
    blocked,
  };
  // The same query again, with the index files in memory: the time the
  // script itself takes.
  result.warmMs = await tab.evaluate(async () => {
    const form = document.getElementById('zoeken');
    form.requestSubmit();
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 200 && document.getElementById('zoekstatus').textContent.startsWith('Bezig'); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    return Number(form.dataset.ms);
  });
  if (audit) {
    // The Nu checker reads the page as rendered, before axe is put in it.
    result.vnu = (await runVnu(await tab.content())).map((m) => `${m.lastLine}: ${m.message}`);
    await tab.addScriptTag({ path: axePath });
    result.axe = await tab.evaluate(async (tags) => {
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
    }, AXE_TAGS);
  }
  await context.close();
  return result;
}

function expectClean(r) {
  const label = `?${new URLSearchParams(r.params)}`;
  if (!/^(\d+ (resultaat|resultaten) voor|Geen resultaten)/.test(r.status)) fail(`${label}: status "${r.status}" does not announce a count`);
  for (const e of r.errors) fail(`${label}: script error: ${e}`);
  for (const b of r.blocked) fail(`${label}: request to another host: ${b}`);
  for (const v of r.axe || []) fail(`${label}: axe: ${v}`);
  for (const v of r.vnu || []) fail(`${label}: Nu checker: ${v}`);
}

function count(r) {
  const m = /^(\d+)/.exec(r.status);
  return m ? Number(m[1]) : 0;
}

function print(r) {
  console.log(`ok   ?${new URLSearchParams(r.params)} → ${r.status} first: ${r.urls.slice(0, 3).join(' ')} ` +
    `| ${r.ms.toFixed(1)} ms, again ${r.warmMs.toFixed(1)} ms, ${(r.bytes / 1024).toFixed(1)} KB served ` +
    `(${(r.wire / 1024).toFixed(1)} KB with headers)`);
}

/** Every file under zoeken/index/, as text. */
function indexFiles(dir = path.join(siteDir, 'zoeken', 'index')) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? indexFiles(p) : [[path.relative(siteDir, p), readFileSync(p, 'utf8')]];
  });
}

const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

async function main() {
  const server = await startServer();
  const origin = `http://${HOST}:${server.address().port}`;
  const browser = await launchBrowser(playwrightPath, findChromium(die), die);
  const report = [];
  try {
    for (const { q, url } of checks.first || []) {
      const r = await query(browser, origin, { q }, { audit: report.length === 0 });
      report.push(r); print(r); expectClean(r);
      if (r.urls[0] !== url) fail(`"${q}": first result ${r.urls[0]}, expected ${url}`);
      if (!r.marks) fail(`"${q}": no word is marked in the results`);
    }
    for (const { q, url } of checks.finds || []) {
      const r = await query(browser, origin, { q });
      report.push(r); print(r); expectClean(r);
      if (!r.urls.includes(url) && count(r) <= r.urls.length) fail(`"${q}": ${url} not found (${r.status})`);
      else if (!r.urls.includes(url)) fail(`"${q}": ${url} not on the first page of results (${r.status})`);
    }
    for (const q of checks.none || []) {
      const r = await query(browser, origin, { q });
      report.push(r); print(r); expectClean(r);
      if (r.urls.length || !r.status.startsWith('Geen resultaten')) fail(`"${q}" found something: ${r.status}`);
    }
    if (checks.absent && checks.absent.length) {
      const files = indexFiles();
      if (!files.length) fail('no index files under zoeken/index/');
      for (const word of checks.absent) {
        for (const [file, text] of files) {
          if (fold(text).includes(fold(word))) fail(`"${word}" is in ${file}`);
        }
      }
      console.log(`ok   ${checks.absent.length} withheld words looked for in ${files.length} index files`);
    }
    if (checks.facet) {
      const { q, param, value } = checks.facet;
      const all = await query(browser, origin, { q });
      const narrowed = await query(browser, origin, { q, [param]: value }, { audit: true });
      report.push(all, narrowed); print(all); print(narrowed); expectClean(all); expectClean(narrowed);
      if (!(count(narrowed) > 0 && count(narrowed) < count(all))) {
        fail(`facet ${param}=${value} does not narrow "${q}": ${all.status} → ${narrowed.status}`);
      }
      if (!narrowed.checked.includes(`${param}=${value}`)) fail(`facet ${param}=${value} from the URL is not shown as chosen`);
      await checkFacetClick(browser, origin, q, param, value, count(narrowed));
    }
    if (checks.keyboard) await checkKeyboard(browser, origin, checks.keyboard);
    for (const q of checks.measure || []) {
      const r = await query(browser, origin, { q });
      report.push(r); print(r); expectClean(r);
    }
  } finally {
    await browser.close();
    server.close();
  }
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(report, null, 1));
  console.log(failures.length ? `\n${failures.length} failed` : '\nall search checks passed');
  process.exit(failures.length ? 1 : 0);
}

/** Choosing a facet with the keyboard narrows the list and puts it in the URL. */
async function checkFacetClick(browser, origin, q, param, value, expected) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(`${origin}/zoeken/?${new URLSearchParams({ q })}`);
  await tab.waitForFunction(() => /^\d+ result/.test(document.getElementById('zoekstatus').textContent));
  const box = `#filter-${param}-${value}`;
  await tab.evaluate((sel) => { document.querySelector(sel).closest('details').open = true; }, box);
  await tab.focus(box);
  await tab.keyboard.press('Space');
  await tab.waitForFunction((n) => document.getElementById('zoekstatus').textContent.startsWith(`${n} `), expected)
    .catch(() => fail(`choosing ${param}=${value} does not give ${expected} results`));
  const url = new URL(tab.url());
  if (url.searchParams.get(param) !== value) fail(`choosing ${param}=${value} is not in the URL: ${tab.url()}`);
  const focused = await tab.evaluate(() => document.activeElement && document.activeElement.id);
  if (focused !== box.slice(1)) fail(`focus left the facet after choosing it (now on "${focused}")`);
  console.log(`ok   facet chosen with the keyboard: ${await tab.textContent('#zoekstatus')}`);
  await context.close();
}

/** Tab to the field from the top of the page, type, Enter: results, focus stays. */
async function checkKeyboard(browser, origin, q) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(`${origin}/zoeken/`);
  await tab.waitForFunction(() => document.getElementById('zonder-javascript').hidden);
  for (let i = 0; i < 30; i++) {
    await tab.keyboard.press('Tab');
    if (await tab.evaluate(() => document.activeElement && document.activeElement.id === 'zoekterm')) break;
  }
  if (!(await tab.evaluate(() => document.activeElement.id === 'zoekterm'))) fail('the search field cannot be reached with Tab');
  await tab.keyboard.type(q);
  await tab.keyboard.press('Enter');
  await tab.waitForFunction(() => /^\d+ result/.test(document.getElementById('zoekstatus').textContent), null, { timeout: 30_000 })
    .catch(() => fail(`typing "${q}" and Enter gives no results`));
  if (new URL(tab.url()).searchParams.get('q') !== q) fail(`the query is not in the URL: ${tab.url()}`);
  console.log(`ok   keyboard: Tab to the field, "${q}", Enter → ${await tab.textContent('#zoekstatus')}`);
  await context.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
