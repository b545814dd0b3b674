import { chromium, type Browser, type Locator, type Page } from 'playwright-core'

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

/**
 * Arms a confirm button (admin/ConfirmButton.vue: the first click arms it for 5 s, a second click
 * while armed confirms) and confirms it. Both clicks happen inside the page, one task apart, so no
 * round trip to the test falls between them for a slow run to stretch past the 5 s. The button must
 * be one a person could click first (visible, enabled, not covered). Answers the label it showed
 * armed and whether it was armed, for the test to assert; not armed, it is not clicked again.
 */
export async function armAndConfirm(button: Locator): Promise<{ armed: boolean; label: string }> {
  await button.click({ trial: true })
  return button.evaluate(async (b: HTMLElement) => {
    b.click()
    // Vue draws the armed state in a microtask after the click: a task later it is on screen.
    await new Promise((resolve) => setTimeout(resolve, 0))
    const shown = { armed: b.hasAttribute('data-armed'), label: b.textContent?.trim() ?? '' }
    if (shown.armed) b.click()
    return shown
  })
}
