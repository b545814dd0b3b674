import { chromium, type Browser } from 'playwright-core'

/**
 * Debian's Chromium, never a downloaded browser; flags keep it off the (closed) network.
 * `extraArgs`: what one caller needs beyond that (the bench soak: precise performance.memory).
 */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--js-flags=--expose-gc',
      ...extraArgs,
    ],
  })
}
