import { chromium, type Browser, type Page } from 'playwright-core'

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

/**
 * Holds back a page's requests to `path` (its pathname; only those of `method` when given) until
 * `release()`: how a test makes a race the product must win happen every time.
 */
export async function holdRequests(page: Page, path: string, method?: string): Promise<{ release: () => void }> {
  let release = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route(
    (url) => url.pathname === path,
    async (route) => {
      if (!method || route.request().method() === method) await held
      await route.continue()
    },
  )
  return { release }
}
