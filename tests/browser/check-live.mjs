#!/usr/bin/env node
// check-live.mjs — proof in a real browser that `nota serve` live reload works
// the way a writer experiences it.
//
// Usage: node tests/browser/check-live.mjs <server-url> <note-file> <page-path>
//
//   <server-url>  the URL a running `nota serve` printed (http://127.0.0.1:PORT/)
//   <note-file>   the Markdown file of one note of that site; this script edits it
//                 and restores its original text at the end
//   <page-path>   the site path of that note's page (/2022/some-note/)
//
// tests/serve.rs proves the server side over raw HTTP; only a browser can show
// that /__nota/live.js does its part. In headless Chromium this script checks:
//
//   reload        an edit on disk reloads the open page and shows the new text;
//   scroll        the reloaded page is at the scroll position the writer left;
//   overlay       a broken note shows an overlay with role="alert", an accessible
//                 name (also in Chromium's own accessibility tree, what a screen
//                 reader gets) and the diagnostic code, and focus moves into it;
//   axe           the page with the overlay open has no WCAG A/AA violations;
//   escape        Escape closes the overlay and focus returns where it was;
//   again         a second failed build shows the overlay again, with its findings,
//                 and a tab opened while the build is broken shows it at once;
//   recovery      fixing the note reloads the page: overlay gone, fixed text shown.
//
// Every wait is bounded (STEP_TIMEOUT_MS). One line per check; exit codes:
// 0 all checks passed; 1 a check failed; 2 usage error or missing prerequisite.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { findChromium, launchBrowser } from './chromium.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const USAGE = 'usage: node tests/browser/check-live.mjs <server-url> <note-file> <page-path>';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
// Small enough that every note page scrolls.
const VIEWPORT = { width: 640, height: 360 };
const SCROLL_TARGET = 420;
// A restored position may differ by rounding (device pixels) only.
const SCROLL_TOLERANCE = 2;
const STEP_TIMEOUT_MS = 20_000;
const POLL_MS = 50;
// The overlay that live.js shows; its id and title are part of its contract.
const OVERLAY = '#nota-live-error';
const OVERLAY_NAME = 'De site kon niet opnieuw worden gebouwd';
const ERROR_CODE = 'front-matter/unknown-key';
// Whole-run limit so that a hung browser cannot stall the test run.
const RUN_TIMEOUT_S = Number(process.env.CHECK_LIVE_TIMEOUT) || 300;

/** Print a message and stop with exit code 2 (environment or usage problem). */
function die(message) {
  console.error(`check-live: ${message}`);
  process.exit(2);
}

function parseCli(argv) {
  if (argv.length !== 3 || argv.includes('--help') || argv.includes('-h')) die(USAGE);
  const [serverUrl, noteFile, pagePath] = argv;
  let origin;
  try {
    origin = new URL(serverUrl).origin;
  } catch {
    die(`not a URL: "${serverUrl}"\n${USAGE}`);
  }
  if (!existsSync(noteFile)) die(`note file not found: ${noteFile}`);
  if (!pagePath.startsWith('/')) die(`the page path must start with "/", got "${pagePath}"`);
  return { pageUrl: origin + pagePath, noteFile: path.resolve(noteFile), origin };
}

function resolveTools() {
  const hint = `run: (cd ${path.relative(process.cwd(), HERE) || '.'} && npm ci --ignore-scripts --no-audit --no-fund)`;
  try {
    return { axe: require.resolve('axe-core/axe.min.js'), playwright: require.resolve('playwright-core') };
  } catch {
    return die(`npm packages for the browser checks are not installed; ${hint}`);
  }
}



// ---------------------------------------------------------------- note edits

/** The note with an extra front-matter key, which the build refuses. */
function withUnknownKey(text, key) {
  const lines = text.split('\n');
  if (lines[0].trim() !== '---') die('the note must start with YAML front matter (---)');
  lines.splice(1, 0, `${key}: ja`);
  return lines.join('\n');
}

/**
 * The note with `paragraph` at the end of its first section. Appending to the
 * end of the note would put it in section 5 (withheld information), which
 * the build rightly refuses to publish.
 */
function withParagraph(text, paragraph) {
  const headings = [...text.matchAll(/^## /gm)];
  if (headings.length < 2) return `${text.replace(/\s*$/, '')}\n\n${paragraph}\n`;
  const at = headings[1].index;
  return `${text.slice(0, at)}${paragraph}\n\n${text.slice(at)}`;
}

// ---------------------------------------------------------------- page probes

/**
 * Polls `probe` in the page until it returns a truthy value. Navigations (a
 * live reload) destroy the page's context mid-poll; that only means "not yet".
 */
async function waitInPage(tab, what, probe, arg) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let last = null;
  while (Date.now() < deadline) {
    try {
      const value = await tab.evaluate(probe, arg);
      if (value) return value;
    } catch (err) {
      last = err.message.split('\n')[0];
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  throw new Error(`timed out after ${STEP_TIMEOUT_MS / 1000}s waiting for ${what}${last ? ` (last error: ${last})` : ''}`);
}

/** Opens `url` and waits until its live-reload event stream is connected. */
async function openLivePage(tab, url) {
  const stream = tab.waitForResponse((r) => r.url().includes('/__nota/events'), { timeout: STEP_TIMEOUT_MS });
  const response = await tab.goto(url, { waitUntil: 'load', timeout: STEP_TIMEOUT_MS });
  if (!response || response.status() !== 200) throw new Error(`GET ${url}: status ${response?.status()}`);
  const events = await stream;
  if (events.status() !== 200) throw new Error(`event stream answered ${events.status()}`);
}

/**
 * Marks the current document; a reload replaces it, so the mark's absence
 * together with `ready` tells that the page really reloaded. Resolves once
 * the new document has loaded and its event stream is open again.
 */
async function markDocument(tab) {
  await tab.evaluate(() => { window.__notaLiveCheckMark = true; });
  const stream = tab.waitForResponse((r) => r.url().includes('/__nota/events'), { timeout: STEP_TIMEOUT_MS });
  stream.catch(() => {}); // awaited by the caller only when a reload is expected
  // Wrapped: an async function returning the promise itself would wait for it.
  return { stream };
}

async function waitForReload(tab, what, marker, { stream }) {
  await waitInPage(tab, what, (text) => !window.__notaLiveCheckMark &&
    document.readyState === 'complete' && document.body.textContent.includes(text), marker);
  await stream;
  // live.js restores the scroll position on "load"; let one frame pass.
  await tab.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function overlayState(tab) {
  return tab.evaluate((selector) => {
    const overlay = document.querySelector(selector);
    if (!overlay) return null;
    return {
      role: overlay.getAttribute('role'),
      focusInside: overlay.contains(document.activeElement),
      focused: document.activeElement ? document.activeElement.tagName.toLowerCase() +
        (document.activeElement.textContent ? ` "${document.activeElement.textContent.trim()}"` : '') : 'none',
      text: overlay.textContent,
    };
  }, OVERLAY);
}

/**
 * Names of the alerts in Chromium's own accessibility tree: what a screen
 * reader is given, rather than what the DOM attributes promise.
 */
async function chromiumAlerts(tab) {
  const cdp = await tab.context().newCDPSession(tab);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    return nodes.filter((n) => !n.ignored && n.role?.value === 'alert').map((n) => n.name?.value ?? '');
  } finally {
    await cdp.detach();
  }
}

async function runAxe(tab, axePath) {
  await tab.addScriptTag({ path: axePath });
  return tab.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }, AXE_TAGS);
}

// ---------------------------------------------------------------- checks

class Report {
  constructor() { this.failed = 0; this.passed = 0; }

  check(name, ok, detail) {
    if (ok) this.passed += 1; else this.failed += 1;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
    return ok;
  }
}

/** Edit → reload with the new text, at the same scroll position. */
async function checkReloadKeepsScroll(tab, note, report) {
  const room = await tab.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
  if (!report.check('page scrolls in a small viewport', room >= SCROLL_TARGET,
    `${room}px of scroll room at ${VIEWPORT.width}x${VIEWPORT.height}`)) return false;
  // Chromium restores the scroll position of a reloaded page by itself; other
  // browsers do not always, and a page that grows while loading loses it.
  // Turning that off proves that live.js keeps the position on its own.
  await tab.evaluate(() => { history.scrollRestoration = 'manual'; });
  await tab.evaluate((y) => window.scrollTo(0, y), SCROLL_TARGET);
  const before = await tab.evaluate(() => window.scrollY);
  report.check('scrolled down before the edit', Math.abs(before - SCROLL_TARGET) <= SCROLL_TOLERANCE, `scrollY ${before}`);

  const marker = `Live-controle ${note.token} bewerkt.`;
  const stream = await markDocument(tab);
  note.write(withParagraph(note.original, marker));
  await waitForReload(tab, 'the edited text after a reload', marker, stream);
  report.check('edit on disk reloads the page with the new text', true, `"${marker}"`);
  const after = await tab.evaluate(() => window.scrollY);
  report.check('scroll position survives the reload', Math.abs(after - before) <= SCROLL_TOLERANCE,
    `scrollY ${before} before, ${after} after`);
  return true;
}

/** A failed build shows the overlay: announced, named, focused, with the code. */
async function checkOverlayAppears(tab, note, key, report, label) {
  note.write(withUnknownKey(note.original, key));
  try {
    await waitInPage(tab, `the error overlay (${label})`, (sel) => document.querySelector(sel) !== null, OVERLAY);
  } catch (err) {
    return report.check(`overlay appears after a failed build (${label})`, false, err.message);
  }
  const state = await overlayState(tab);
  report.check(`overlay appears after a failed build (${label})`, true);
  report.check(`overlay has role="alert" (${label})`, state.role === 'alert', `role=${state.role}`);
  const named = await tab.getByRole('alert', { name: OVERLAY_NAME, exact: true }).count();
  report.check(`overlay's accessible name is "${OVERLAY_NAME}" (${label})`, named === 1, `${named} alert(s) with that name`);
  const exposed = await chromiumAlerts(tab);
  report.check(`Chromium's accessibility tree exposes the alert to screen readers (${label})`,
    exposed.includes(OVERLAY_NAME), `alerts: ${JSON.stringify(exposed)}`);
  report.check(`focus moves into the overlay (${label})`, state.focusInside, `focus on ${state.focused}`);
  report.check(`overlay shows the diagnostic (${label})`, state.text.includes(ERROR_CODE) && state.text.includes(key),
    `${ERROR_CODE} for \`${key}\``);
  const pageIntact = await tab.evaluate((text) => document.body.textContent.includes(text), note.lastGoodText);
  return report.check(`the last good page stays under the overlay (${label})`, pageIntact);
}

async function checkEscapeRestoresFocus(tab, report) {
  await tab.keyboard.press('Escape');
  const state = await overlayState(tab);
  report.check('Escape closes the overlay', state === null);
  const back = await tab.evaluate(() => document.activeElement === window.__notaLiveCheckFocus);
  const focused = await tab.evaluate(() => document.activeElement?.outerHTML.replace(/\s+/g, ' ').slice(0, 80) ?? 'none');
  return report.check('focus returns to where it was', back, focused);
}

/** A page opened while the build is broken shows the overlay at once. */
async function checkNewTabSeesCurrentError(context, pageUrl, report) {
  const second = await context.newPage();
  try {
    await openLivePage(second, pageUrl);
    await waitInPage(second, 'the overlay in a newly opened tab', (sel) => document.querySelector(sel) !== null, OVERLAY);
    const state = await overlayState(second);
    report.check('a tab opened while the build is broken shows the overlay', state.text.includes(ERROR_CODE));
  } catch (err) {
    report.check('a tab opened while the build is broken shows the overlay', false, err.message.split('\n')[0]);
  } finally {
    await second.close();
  }
}

/** Gives a known element focus, as a keyboard user would have it. */
async function focusFirstContentLink(tab) {
  const found = await tab.evaluate(() => {
    const link = document.querySelector('main a[href]');
    if (!link) return null;
    link.focus();
    window.__notaLiveCheckFocus = link;
    return document.activeElement === link ? link.outerHTML.slice(0, 80) : null;
  });
  if (!found) throw new Error('the note page has no focusable link in <main>');
  return found;
}

async function run(browser, tools, { pageUrl, noteFile, origin }, report) {
  const context = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true, serviceWorkers: 'block' });
  // The browser may only talk to the preview server.
  await context.route('**/*', (route) => (new URL(route.request().url()).origin === origin
    ? route.continue() : route.abort('blockedbyclient')));
  const tab = await context.newPage();
  const pageErrors = [];
  tab.on('pageerror', (err) => pageErrors.push(err.message));
  // Every request a served page makes (styles, icon, script, events) must
  // be answered: a failed one is a broken reference in the theme or server.
  const failedRequests = [];
  tab.on('response', (response) => {
    if (response.status() >= 400) failedRequests.push(`${response.status()} ${response.url()}`);
  });

  const original = readFileSync(noteFile, 'utf8');
  const token = `LIVE-${process.pid}-${Date.now().toString(36)}`;
  const note = {
    original, token, lastGoodText: '',
    write(text) { writeFileSync(noteFile, text); },
  };
  try {
    await openLivePage(tab, pageUrl);
    report.check('page opens and connects to the event stream', true, pageUrl);
    if (!(await checkReloadKeepsScroll(tab, note, report))) return;
    note.original = readFileSync(noteFile, 'utf8'); // now with the first marker
    note.lastGoodText = `Live-controle ${token} bewerkt.`;

    const focused = await focusFirstContentLink(tab);
    console.log(`     focus before the failed build: ${focused}`);
    if (!(await checkOverlayAppears(tab, note, 'live-controle-fout-een', report, 'first'))) return;
    const violations = await runAxe(tab, tools.axe);
    report.check('axe finds no WCAG A/AA violations with the overlay open', violations.length === 0,
      violations.join('; '));
    await checkEscapeRestoresFocus(tab, report);

    if (!(await checkOverlayAppears(tab, note, 'live-controle-fout-twee', report, 'second'))) return;
    await checkNewTabSeesCurrentError(context, pageUrl, report);
    const fixed = `Live-controle ${token} hersteld.`;
    const stream = await markDocument(tab);
    note.write(withParagraph(note.original, fixed));
    await waitForReload(tab, 'the fixed text after a reload', fixed, stream);
    report.check('fixing the note reloads the page with the fixed text', true, `"${fixed}"`);
    report.check('the overlay is gone after the fix', (await overlayState(tab)) === null);
    report.check('no script errors on the page', pageErrors.length === 0, pageErrors.join('; '));
    report.check('every request of the pages was answered', failedRequests.length === 0,
      failedRequests.join('; '));
  } catch (err) {
    report.check('live reload run', false, err.message.split('\n')[0]);
  } finally {
    writeFileSync(noteFile, original);
    await context.close();
  }
}

async function main() {
  setTimeout(() => {
    console.error(`check-live: gave up after ${RUN_TIMEOUT_S}s (set CHECK_LIVE_TIMEOUT to allow more)`);
    process.exit(2); // playwright-core kills the browser it launched on exit
  }, RUN_TIMEOUT_S * 1000).unref();
  const args = parseCli(process.argv.slice(2));
  const tools = resolveTools();
  const browser = await launchBrowser(tools.playwright, findChromium(die), die);
  const report = new Report();
  try {
    await run(browser, tools, args, report);
  } finally {
    await browser.close();
  }
  console.log(`\n${report.passed} passed, ${report.failed} failed`);
  process.exitCode = report.failed === 0 && report.passed > 0 ? 0 : 1;
}

main().catch((err) => {
  console.error(`check-live: ${err.stack || err}`);
  process.exit(2);
});
