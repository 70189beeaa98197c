import { Browser, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); .ci/run installs it, so CI always has it. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Headless, with the flags that keep Chromium off the network this machine does not have. Here,
 * not in test/, because `npm run tour` uses it too and the build leaves test/ out.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
