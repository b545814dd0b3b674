import type { RiskStatus } from '../../shared/domain/vocabulary'
import type { RiskEvent, RiskRegistered } from '../../shared/events/schema'
import { DAY_MS, HOUR_MS, toShanghaiIso } from '../../shared/time/shanghai'
import { ARTICLE } from './figures'
import type { DemoFrame } from './frame'
import { createRandom, hashSeed } from './random'

type Story = Array<{ at: number; event: RiskEvent }>

const CHUNAN = 'R-330127-'
const PATROL_EVERY = 30 * DAY_MS
const PATROL_OK = '例行巡查：救生圈、救生衣、警示牌完好'
const PATROL_MISSING = '例行巡查：救援器材缺损，已报修补齐'

/** An integer total spread over `n` items as evenly as whole numbers allow, the first ones taking the remainder. */
const spread = (total: number, n: number, i: number) => Math.floor(total / n) + (i < total % n ? 1 : 0)

/**
 * The fire and water pages' figures of the article, added to the risk stories from each point's own
 * random stream (nothing else in the dataset moves): 秀洲's 2,041 hazards over its inspection rounds,
 * 淳安's 800 rescue equipment sets at its 740 water-side points, and a monthly patrol of every
 * water-side point over the twelve months to now, reporting the sets found ready.
 */
export function themeChecks(stories: Story[], frame: DemoFrame, scale: number): void {
  const registered = (s: Story) => s[0]!.event as RiskRegistered
  // 秀洲: each finding of a round carries its share of the hazards; its rectification the same count.
  const findings = stories.filter((s) => registered(s).inspectionSite).flatMap((s) => s.filter((e) => e.event.type === 'risk.status' && e.event.hazard))
  const hazards = Math.round(ARTICLE.xiuzhouHazards * scale)
  findings.forEach((f, i) => {
    const n = spread(hazards, findings.length, i)
    const e = f.event as Extract<RiskEvent, { type: 'risk.status' }>
    e.hazard = n
  })
  for (const s of stories) {
    if (!registered(s).inspectionSite) continue
    let open = 0
    for (const { event: e } of s) {
      if (e.type !== 'risk.status') continue
      if (e.hazard !== undefined) open = e.hazard
      if (e.rectified !== undefined) e.rectified = open
    }
  }

  const water = stories.filter((s) => registered(s).kind === 'water')
  const chunan = water.filter((s) => registered(s).riskId.startsWith(CHUNAN))
  const sets = Math.round(ARTICLE.chunanRescueSets * scale)
  chunan.forEach((s, i) => (registered(s).rescueSets = spread(sets, chunan.length, i)))
  for (const s of water) {
    const reg = registered(s)
    const r = createRandom(hashSeed('patrol', reg.riskId))
    reg.rescueSets ??= r.chance(0.7) ? 1 : 2
    const start = Math.max(Date.parse(reg.at) + DAY_MS, frame.current.from)
    const patrols: Story = []
    let k = 0
    for (let t = start + r.float(0, PATROL_EVERY); t < frame.now - DAY_MS; t += PATROL_EVERY) {
      const at = Math.floor((t - (t % DAY_MS) + r.float(1, 9) * HOUR_MS) / 1000) * 1000
      const status = statusAt(s, at)
      if (status !== 'normal' && status !== 'rectified') continue
      const missing = r.chance(0.05)
      patrols.push({
        at,
        event: {
          id: `demo-${reg.riskId}-p${k++}`,
          type: 'risk.status',
          at: toShanghaiIso(at),
          riskId: reg.riskId,
          status,
          note: missing ? PATROL_MISSING : PATROL_OK,
          patrol: true,
          rescueReady: missing ? reg.rescueSets - 1 : reg.rescueSets,
        },
      })
    }
    s.push(...patrols)
    s.sort((a, b) => a.at - b.at || (a.event.type === 'risk.registered' ? -1 : 1))
  }
}

function statusAt(s: Story, at: number): RiskStatus | null {
  let status: RiskStatus | null = null
  for (const e of s) {
    if (e.at > at) break
    status = e.event.type === 'risk.registered' ? 'normal' : e.event.status
  }
  // Nothing may happen at the very instant of another event of the point.
  return s.some((e) => e.at === at) ? null : status
}
