/**
 * Screenshots of the duty desk at 1920×1080 against a real demo server, for looking at (not a
 * test: vitest runs *.test.ts only). `npm run build && npx tsx test/browser/desk-screenshots.ts
 * [outDir]` starts a demo server in-process (fresh temp data dir, demo data, simulator on), adds
 * a dispatch seat and a leader for 富阳区, acts as a seat would (urges a 临期 case, issues an
 * instruction, writes the duty log when the server has one) and takes each view of the desk.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import type { Alarm } from '../../shared/api/alarms'
import type { CaseView } from '../../shared/api/cases'
import { accountSession, bearer } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { startDemoServer } from '../helpers/demoServer'

const REGION = '330111'

async function main() {
  const [outDir = 'docs/screenshots'] = process.argv.slice(2)
  const { app, base, token } = await startDemoServer({ scale: Number(process.env.SCALE ?? 0.5), simRate: 2, name: 'desk-shots' })
  const admin = bearer(token)
  const seat = await accountSession(app, admin, { username: 'fy-seat-1', role: 'dispatcher', scope: REGION, personalData: true })
  const seat2 = await accountSession(app, admin, { username: 'fy-grid-chunjiang', role: 'dispatcher', scope: REGION })
  const leader = await accountSession(app, admin, { username: 'fy-leader', role: 'leader', scope: REGION })
  const tokenOf = (h: { authorization: string }) => h.authorization.slice('Bearer '.length)

  // What a seat did this morning: urged the most pressing 临期 case, gave the village an instruction.
  const yellow = (await app.inject({ url: `/api/v1/cases?region=${REGION}&color=yellow&sort=urgent&limit=5`, headers: seat })).json<{ items: CaseView[] }>().items
  const target = yellow[0]
  if (target) {
    await app.inject({ method: 'POST', url: `/api/v1/cases/${target.id}/actions`, headers: seat, payload: { action: 'urge', note: '请今日 17:00 前反馈办理进展' } })
    await app.inject({
      method: 'POST',
      url: '/api/v1/instructions',
      headers: seat,
      payload: { region: target.regionCode, assignee: 'fy-grid-chunjiang', text: `请核实「${target.title}」现场情况并反馈`, caseId: target.id, dueAt: new Date(Date.now() + 2 * 3600_000).toISOString() },
    })
  }
  const alarms = (await app.inject({ url: `/api/v1/alarms?region=${REGION}&limit=5`, headers: seat })).json<{ items: Alarm[] }>().items
  if (alarms[0])
    await app.inject({
      method: 'POST',
      url: '/api/v1/instructions',
      headers: seat,
      payload: { region: alarms[0].regionCode, assignee: 'fy-seat-1', text: `「${alarms[0].title}」请值班席跟进处置`, alarmId: alarms[0].id },
    })
  await app.inject({ method: 'POST', url: '/api/v1/duty/log', headers: seat, payload: { text: '08:30 接班，检查大屏与视频联动正常' } })

  fs.mkdirSync(outDir, { recursive: true })
  const browser = await launchChromium()
  const shoot = async (name: string, url: string, token: string, prepare?: (page: Page) => Promise<void>) => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    page.on('console', (m) => m.type() === 'error' && console.error(`[${name}] ${m.text()}`))
    await page.goto(`${base}${url}&token=${token}`)
    await page.locator('[data-link-state].live').waitFor({ timeout: 20_000 })
    await page.waitForTimeout(1500)
    if (prepare) await prepare(page)
    const file = path.join(outDir, `desk-${name}.png`)
    await page.screenshot({ path: file, animations: 'disabled' })
    console.warn(file)
    await page.close()
  }
  try {
    const caseQuery = target ? `&case=${encodeURIComponent(target.id)}` : ''
    await shoot('watch', `/duty?region=${REGION}${caseQuery}`, tokenOf(seat))
    await shoot('case-action', `/duty?region=${REGION}${caseQuery}`, tokenOf(seat), async (page) => {
      await page.locator('[data-case-action="supervise"]').click()
      await page.locator('[data-case-action-note]').fill('群众反映强烈，请加快办理')
    })
    if (alarms[0]) await shoot('alarm', `/duty?region=${REGION}&alarm=${alarms[0].id}`, tokenOf(seat))
    await shoot('instructions', `/duty?region=${REGION}&tab=orders`, tokenOf(seat2))
    await shoot('shift', `/duty?region=${REGION}&tab=shift`, tokenOf(seat))
    await shoot('leader', `/duty?region=${REGION}`, tokenOf(leader))
  } finally {
    await browser.close()
    await app.close()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
