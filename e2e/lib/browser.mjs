// A real headless browser for the tests of browser-facing behaviour (the /docs page, CORS): Debian's chromium driven
// by playwright-core (no browser download: it uses the installed one). scripts/lib-browser.sh installs chromium on CI;
// where there is none, the browser tests are skipped with the reason (E2E_CHROMIUM may name another binary).
import { existsSync } from "node:fs";

export const CHROMIUM = process.env.E2E_CHROMIUM ?? "/usr/bin/chromium";

/** false when a browser can be launched, else why the browser tests are skipped (node:test prints it). */
export const browserSkip = existsSync(CHROMIUM)
  ? false
  : `no chromium at ${CHROMIUM} (install Debian's chromium package, or set E2E_CHROMIUM; scripts/lib-browser.sh does it on CI)`;

const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** Launches the headless browser; close it in `after`. */
export async function launchBrowser() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true, timeout: 60_000 });
}
