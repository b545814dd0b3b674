import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../server/app'
import type { RegionDetail } from '../../shared/summary/detail'
import type { Summary } from '../../shared/summary/schema'
import { adminToken, ingestHeaders, testApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import type { FeedAnswer } from '../../shared/api/feed'
import { reported, resolved, riskRegistered, riskStatus, urged } from '../helpers/events'
import { listen } from '../helpers/live'
import { shanghaiIso } from '../../client/src/replay/instant'
import { formatClock } from '../../client/src/util/format'

let app: App
let base: string
let token: string
let browser: Browser
/** The instant replayed: after the first batch, before the second. */
let asOf: number
/** The server runs ahead of the browser after the first batch, so the second commits later. */
let ahead = 0

beforeAll(async () => {
  ;({ app } = await testApp({ clock: () => Date.now() + ahead }))
  base = await listen(app)
  token = await adminToken(app)
  const t = Date.now() - 3600_000
  const ingest = (events: unknown[]) => app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })
  await ingest([
    riskRegistered('W1', '330111001001'),
    riskStatus('W1', 'warning'),
    reported('P1', '330111001001', t, { source: 'petition' }),
    reported('P2', '330111002001', t),
    urged('P1', t + 1000),
    reported('P3', '330411001001', t),
  ])
  asOf = Math.ceil((Date.now() + 1) / 1000) * 1000
  ahead = 120_000
  await ingest([
    reported('P4', '330111001002', t + 2000, { source: 'petition' }),
    resolved('P2', 'grid', t + 3000),
    reported('P5', '330111002002', t + 4000),
    riskStatus('W1', 'alarm'),
  ])
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

const get = (o: unknown, path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | null)?.[k], o)

/** Every whole-number headline figure on the page, by its summary path. */
async function countsShown(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {}
    for (const el of document.querySelectorAll('[data-metric]')) {
      const path = el.getAttribute('data-metric')!
      if (!(path in out)) out[path] = (el.textContent ?? '').replace(/[,\s]/g, '')
    }
    return out
  })
}

async function expectFigures(page: Page, summary: Summary) {
  const integers = (shown: Record<string, string>) =>
    Object.fromEntries(Object.keys(shown).filter((p) => !/Rate$/.test(p) && Number.isInteger(get(summary, p))).map((p) => [p, shown[p]]))
  const expected = (shown: Record<string, string>) => Object.fromEntries(Object.keys(integers(shown)).map((p) => [p, String(get(summary, p))]))
  // Polled until equal (figures count up); on failure the difference is the message.
  await expect
    .poll(
      async () => {
        const shown = await countsShown(page)
        const a = JSON.stringify(integers(shown))
        const b = JSON.stringify(expected(shown))
        return a === b && Object.keys(integers(shown)).length > 5 ? 'equal' : `${a} ≠ ${b}`
      },
      { timeout: 15_000 },
    )
    .toBe('equal')
}

describe('the wall in replay (回放)', () => {
  it('shows the figures of REST asOf, marked, and 回到实时 returns to live', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const errors: string[] = []
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    // A failed request names itself (the console only says "400 Bad Request").
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`))
    const auth = { authorization: `Bearer ${token}` }
    const rest = async (q: string) => (await app.inject({ url: `/api/v1/summary?region=330111${q}`, headers: auth })).json() as Summary
    const then = await rest(`&compare=lastYear,previousToDate&asOf=${encodeURIComponent(shanghaiIso(asOf))}`)
    const now = await rest('&compare=lastYear,previousToDate')
    expect(then.cases.total).toBe(2)
    expect(now.cases.total).toBe(4)

    await page.goto(`${base}/?region=330111&asOf=${encodeURIComponent(shanghaiIso(asOf))}&token=${token}`)
    const bar = page.locator('[data-replay]')
    await bar.waitFor({ timeout: 15_000 })
    expect(await bar.textContent()).toContain('回放')
    const time = new Date(asOf + 8 * 3600_000).toISOString().slice(11, 19)
    expect(await page.locator('[data-replay-instant]').textContent()).toContain(time)
    await expectFigures(page, then)
    expect(new URL(page.url()).searchParams.get('asOf')).toBe(shanghaiIso(asOf))
    // The title bar says 回放 where a live wall says 实时: nothing on screen claims the figures are live.
    expect(await page.locator('[data-link-state]').textContent()).toBe('回放')

    // The province in replay ranks its districts as REST asOf answers them, and says so.
    const at = encodeURIComponent(shanghaiIso(asOf))
    const provinceThen = (await app.inject({ url: `/api/v1/summary/detail?region=330000&compare=lastYear,previousToDate&grandchildrenBelow=4&asOf=${at}`, headers: auth })).json() as RegionDetail
    await page.goto(`${base}/?region=330000&asOf=${at}`)
    const ranking = page.locator('[data-panel="ranking"]')
    await expect.poll(() => ranking.getAttribute('data-rank-scope'), { timeout: 15_000 }).toBe('grandchildren')
    const ranked = () => ranking.locator('[data-rank-code]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-rank-code'), e.querySelector('[data-rank-value]')!.textContent!.replace(/\D/g, '')]))
    await expect.poll(ranked, { timeout: 15_000 }).toEqual(provinceThen.grandchildren!.map((g) => [g.code, String(g.value)]))
    expect(await ranking.locator('h2').textContent()).toBe('全省区县排名')

    // Another region in replay: still the same instant.
    const village = (await app.inject({ url: `/api/v1/summary?region=330111001&asOf=${encodeURIComponent(shanghaiIso(asOf))}`, headers: auth })).json() as Summary
    await page.goto(`${base}/?region=330111001&asOf=${encodeURIComponent(shanghaiIso(asOf))}`)
    await bar.waitFor({ timeout: 15_000 })
    await expectFigures(page, village)

    await page.locator('[data-replay-exit]').click()
    await expect.poll(() => page.locator('[data-replay]').count(), { timeout: 15_000 }).toBe(0)
    expect(new URL(page.url()).searchParams.get('asOf')).toBeNull()
    await expect.poll(() => page.locator('[data-link-state].live').count(), { timeout: 15_000 }).toBe(1)
    const villageNow = (await app.inject({ url: '/api/v1/summary?region=330111001&compare=lastYear,previousToDate', headers: auth })).json() as Summary
    expect([village.cases.total, villageNow.cases.total]).toEqual([1, 2])
    await expectFigures(page, villageNow)
    expect(errors, errors.join('\n')).toEqual([])
    await page.close()
  })

  it('shows the ticker and the risk points as they stood at the instant, and the live ones again after 回到实时', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const errors: string[] = []
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`))
    const auth = { authorization: `Bearer ${token}` }
    const at = encodeURIComponent(shanghaiIso(asOf))
    const feed = async (q: string) => ((await app.inject({ url: `/api/v1/feed?region=330111${q}`, headers: auth })).json() as FeedAnswer).items
    const lineOf = (i: FeedAnswer['items'][number]) => `${formatClock(Date.parse(i.at))} ${i.regionName}`
    const then = (await feed(`&asOf=${at}`)).map(lineOf)
    const now = (await feed('')).map(lineOf)
    expect([then.length, now.length]).toEqual([3, 6])
    const shownLines = () => page.locator('[data-feed] li').evaluateAll((lis) => lis.map((li) => `${li.querySelector('time')?.textContent} ${li.querySelector('.region')?.textContent}`))
    const map = page.locator('[data-panel="map"]')
    const risks = async () => `${await map.getAttribute('data-risk-warnings')}/${await map.getAttribute('data-risk-alarms')}`

    await page.goto(`${base}/?region=330111&asOf=${at}&token=${token}`)
    await page.locator('[data-replay]').waitFor({ timeout: 30_000 })
    await expect.poll(shownLines, { timeout: 30_000 }).toEqual(then)
    // 涉水点 W1 was in warning at the instant and went to alarm after it.
    await map.waitFor({ timeout: 30_000 })
    await expect.poll(risks, { timeout: 30_000 }).toBe('1/0')

    await page.locator('[data-replay-exit]').click()
    // The live lines, newest first, as many as the panel has room for (three at least).
    await expect
      .poll(
        async () => {
          const shown = await shownLines()
          return shown.length >= 3 && shown.join('|') === now.slice(0, shown.length).join('|') ? 'the live lines' : shown.join('|')
        },
        { timeout: 30_000 },
      )
      .toBe('the live lines')
    await expect.poll(risks, { timeout: 30_000 }).toBe('0/1')
    expect(errors, errors.join('\n')).toEqual([])
    await page.close()
  }, 120_000)

  it('shows a themed page as it stood at the instant', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const errors: string[] = []
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`))
    const auth = { authorization: `Bearer ${token}` }
    const at = encodeURIComponent(shanghaiIso(asOf))
    type Petition = { petition: { petitions: number } }
    const then = (await app.inject({ url: `/api/v1/themes/petition?region=330111&asOf=${at}`, headers: auth })).json() as Petition
    const now = (await app.inject({ url: '/api/v1/themes/petition?region=330111', headers: auth })).json() as Petition
    expect([then.petition.petitions, now.petition.petitions]).toEqual([1, 2])

    await page.goto(`${base}/?region=330111&page=petition&asOf=${at}&token=${token}`)
    await page.locator('[data-replay]').waitFor({ timeout: 15_000 })
    const shown = page.locator('[data-theme-metric="petition.petitions"]')
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toBe('1')
    await page.locator('[data-replay-exit]').click()
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toBe('2')
    expect(errors, errors.join('\n')).toEqual([])
    await page.close()
  })

  it('keeps the time bar’s day labels inside it just after Shanghai midnight, when today’s stands at its very end', async () => {
    // The browser's clock stands two minutes after the last Shanghai midnight (always past).
    const midnight = Math.floor((Date.now() + 8 * 3600_000) / 86_400_000) * 86_400_000 - 8 * 3600_000
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.clock.setFixedTime(midnight + 120_000)
    await page.goto(`${base}/?region=330111&asOf=${encodeURIComponent(shanghaiIso(midnight - 3600_000))}&token=${token}`)
    await page.locator('[data-replay]').waitFor({ timeout: 15_000 })
    const outside = () =>
      page.evaluate(() => {
        const days = document.querySelector('[data-replay] .days')!.getBoundingClientRect()
        return [...document.querySelectorAll('[data-replay] .day')]
          .filter((d) => {
            const r = d.getBoundingClientRect()
            return r.left < days.left - 0.5 || r.right > days.right + 0.5
          })
          .map((d) => d.textContent)
      })
    const today = new Date(midnight + 8 * 3600_000).toISOString().slice(5, 10).replace('-', '/')
    await expect.poll(() => page.locator('[data-replay] .day').last().textContent()).toBe(today)
    expect(await outside()).toEqual([])
    await page.setViewportSize({ width: 3840, height: 2160 })
    expect(await outside()).toEqual([])
    await page.close()
  })
})
