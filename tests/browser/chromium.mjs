// Finding and starting Debian's Chromium for the browser checks, in one
// place: the flags matter (without the background-networking ones Chromium
// keeps trying to reach hosts this machine cannot, and a check may stall).
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** The Chromium to use ($CHROMIUM or /usr/bin/chromium), or `die` with how to install it. */
export function findChromium(die) {
  const exe = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(exe)) {
    die(`Chromium not found at ${exe}. Install it with: apt-get update && apt-get install -y chromium`);
  }
  return exe;
}

/** Starts Chromium through playwright-core (resolved at `playwrightPath`). */
export async function launchBrowser(playwrightPath, executablePath, die) {
  const playwright = await import(pathToFileURL(playwrightPath).href);
  const { chromium } = playwright.default ?? playwright; // playwright-core is CommonJS
  try {
    return await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  } catch (err) {
    return die(`could not start Chromium at ${executablePath}: ${err.message.split('\n')[0]}\n` +
      'Install or repair it with: apt-get update && apt-get install -y chromium');
  }
}
