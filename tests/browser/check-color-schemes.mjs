#!/usr/bin/env node
// check-color-schemes.mjs — axe-core in dark mode, with reduced motion.
//
// Usage: node tests/browser/check-color-schemes.mjs <site-dir> [--server URL]
//
// With --server http://127.0.0.1:PORT/beslisnotas/ the pages are loaded from a server
// that already serves <site-dir> at that URL (e.g. nginx under a sub-path).
//
// check-site.mjs runs axe in the browser's default (light) colour scheme. A theme
// that honours prefers-color-scheme has a second palette that needs the same
// proof, so this script loads every page with `colorScheme: 'dark'` and
// `reducedMotion: 'reduce'` and runs the same WCAG A/AA rule set (contrast
// included). It needs the same prerequisites as check-site.mjs (Chromium and
// tests/browser/node_modules) and contacts no host but 127.0.0.1.
//
// Exit codes: 0 no violations; 1 violations; 2 usage error or missing prerequisite.

import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

import { findChromium, launchBrowser } from './chromium.mjs';

const require = createRequire(import.meta.url);
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const HOST = '127.0.0.1';

function die(message) {
  console.error(`check-color-schemes: ${message}`);
  process.exit(2);
}

const siteDir = process.argv[2] && path.resolve(process.argv[2]);
const usage = 'usage: node tests/browser/check-color-schemes.mjs <site-dir> [--server URL]';
if (!siteDir || !existsSync(siteDir)) die(usage);
let given = null;
if (process.argv.length > 3) {
  if (process.argv[3] !== '--server' || process.argv.length !== 5) die(usage);
  let url;
  try { url = new URL(process.argv[4]); } catch { die(`--server takes a URL, got "${process.argv[4]}"`); }
  if (url.hostname !== HOST || !url.pathname.endsWith('/')) die(`--server takes the site's home page on ${HOST}, ending in "/"`);
  given = { origin: url.origin, basePath: url.pathname.slice(0, -1) };
}
let playwrightPath;
let axePath;
try {
  playwrightPath = require.resolve('playwright-core');
  axePath = require.resolve('axe-core/axe.min.js');
} catch {
  die('npm packages missing; run: (cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund)');
}
const chromiumPath = findChromium(die);

function htmlFiles(rel = '') {
  return readdirSync(path.join(siteDir, rel), { withFileTypes: true }).flatMap((entry) => {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return htmlFiles(child);
    return entry.name.endsWith('.html') ? [child] : [];
  }).sort();
}

/** Folders are served as their index.html; everything else as is. */
function serve() {
  const server = http.createServer((req, res) => {
    let file = path.join(siteDir, decodeURIComponent(new URL(req.url, `http://${HOST}`).pathname));
    if (!file.startsWith(siteDir)) return res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) return res.writeHead(404).end();
    const type = file.endsWith('.css') ? 'text/css' : file.endsWith('.html') ? 'text/html; charset=utf-8' : 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, HOST, () => resolve(server)));
}

const server = given ? null : await serve();
const origin = given ? given.origin + given.basePath : `http://${HOST}:${server.address().port}`;
const browser = await launchBrowser(playwrightPath, chromiumPath, die);
let failed = 0;
const files = htmlFiles();
try {
  const context = await browser.newContext({ colorScheme: 'dark', reducedMotion: 'reduce', serviceWorkers: 'block' });
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === HOST ? route.continue() : route.abort()));
  for (const file of files) {
    const tab = await context.newPage();
    await tab.goto(`${origin}/${file}`, { waitUntil: 'load' });
    await tab.addScriptTag({ path: axePath });
    const result = await tab.evaluate(async (tags) => {
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return {
        background: getComputedStyle(document.documentElement).backgroundColor,
        violations: r.violations.map((v) => `${v.id} [${v.impact}]: ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`),
      };
    }, AXE_TAGS);
    await tab.close();
    if (result.violations.length) failed += 1;
    console.log(`${result.violations.length ? 'FAIL' : 'ok  '} dark ${file}  (background ${result.background})`);
    for (const v of result.violations) console.log(`    axe ${v}`);
  }
} finally {
  await browser.close();
  server?.close();
}
console.log(`\ndark mode: ${files.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
