/**
 * Debian's Chromium, driven by playwright-core (which never downloads a browser of its own). Where it is missing, tests
 * that need it skip and say how to enable them; with AUTOPILOT_REQUIRE_BROWSER=1 (CI) they fail instead.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.AUTOPILOT_CHROMIUM_PATH || '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const HOW_TO_ENABLE =
  `no Chromium at ${CHROMIUM_PATH}: install Debian's (apt-get update && apt-get install -y chromium) or set ` +
  'AUTOPILOT_CHROMIUM_PATH; AUTOPILOT_REQUIRE_BROWSER=1 makes its absence a failure';

/** Undefined when the browser may be skipped; throws when it is required and missing. */
export function browserMissing(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  if (process.env.AUTOPILOT_REQUIRE_BROWSER === '1')
    throw new Error(`AUTOPILOT_REQUIRE_BROWSER=1, but ${HOW_TO_ENABLE}`);
  return HOW_TO_ENABLE;
}

export interface HeadlessChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh profile each launch (deleted on close), 1280 px wide. */
export async function launchChromium(): Promise<HeadlessChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'autopilot-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    offline: true,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
