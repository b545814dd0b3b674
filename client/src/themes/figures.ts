import type { ThemeAnswer } from '../../../shared/api/themes'
import { BACKLOG_LEVELS, BACKLOG_LEVEL_LABELS, REGION_LEVEL_LABELS, RISK_STATUSES, RISK_STATUS_LABELS } from '../../../shared/domain/vocabulary'
import type { ThemePage } from '../../../shared/themes/pages'
import { COLORS } from '../charts/theme'
import { formatCount, formatRate } from '../util/format'
import type { ThemePanel, ThemeTile, ThemeView } from './view'

const STOCK = '当前'
const rate = (a: number, b: number) => (b > 0 ? a / b : null)
const wan = (yuan: number) => (yuan / 10_000).toFixed(1)

/** 同比 of a count, in %; for fraud and petitions fewer is better. */
function yoy(now: number, before: number, fewerIsBetter = true): ThemeTile['change'] {
  if (before === 0) return undefined
  const c = (now - before) / before
  const text = `同比 ${c > 0 ? '↑' : c < 0 ? '↓' : ''}${Math.abs(c * 100).toFixed(1)}%`
  return { text, tone: c === 0 ? 'flat' : c < 0 === fewerIsBetter ? 'good' : 'bad' }
}

const RANK_ROWS = 8

/** The children ranked by one of their figures (largest first, ties in the tree's order), at most eight. */
function ranking(
  a: ThemeAnswer,
  p: { id: string; area: 'b' | 'd'; what: string; counts: string; key: string; unit: string; color: string; sub?: (f: Record<string, number>) => string },
): ThemePanel {
  const level = a.children[0]?.level
  const rows = a.children
    .map((c, k) => ({ c, k, v: c.figures[p.key] ?? 0 }))
    .sort((x, y) => y.v - x.v || x.k - y.k)
    .slice(0, RANK_ROWS)
    .map(({ c, v }) => ({ code: c.code, name: c.name, value: v, sub: p.sub?.(c.figures) }))
  return {
    id: p.id, area: p.area, title: `${level ? REGION_LEVEL_LABELS[level] : '下级区域'}${p.what}`, counts: p.counts, kind: 'ranking',
    rows, total: a.children.length, unit: p.unit, color: p.color, sub: p.sub ? 'yes' : undefined,
  }
}

const clock = (iso: string | null) => (iso ? `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}` : '未定')

function petition(a: ThemeAnswer, tag: string): ThemeView {
  const p = a.petition!
  const totals = BACKLOG_LEVELS.map((l) => p.backlog[l])
  const total = totals.reduce((n, b) => n + b.total, 0)
  const resolved = totals.reduce((n, b) => n + b.resolved, 0)
  return {
    tiles: [
      { metric: 'petition.petitions', label: '信访件', value: formatCount(p.petitions), unit: '件', counts: tag, change: yoy(p.petitions, p.lastYear.petitions) },
      { metric: 'petition.repeatVisits', label: '重访', value: formatCount(p.repeatVisits), unit: '件', counts: tag, change: yoy(p.repeatVisits, p.lastYear.repeatVisits) },
      { metric: 'petition.overLevel', label: '越级访', value: formatCount(p.overLevel), unit: '件', counts: tag, change: yoy(p.overLevel, p.lastYear.overLevel) },
      { metric: 'petition.backlogRate', label: '积案化解率', value: formatRate(rate(resolved, total)), unit: '%', counts: tag },
      { metric: 'petition.openBacklog.total', label: '在办积案', value: formatCount(p.openBacklog.total), unit: '件', counts: STOCK },
      { metric: 'petition.quietVillages', label: '无信访村', value: formatCount(p.quietVillages), unit: `/${formatCount(p.villages)}村`, counts: tag },
    ],
    panels: [
      {
        id: 'visits', area: 'a', title: '初访 · 重访 · 越级访', counts: tag, kind: 'bars', unit: '件',
        rows: [
          { name: '初访', value: p.firstVisits, color: COLORS.accent },
          { name: '重访', value: p.repeatVisits, color: COLORS.yellow },
          { name: '越级访', value: p.overLevel, color: COLORS.red },
        ],
      },
      {
        id: 'backlog', area: 'b', title: '积案化解（已化解/受理）', counts: tag, kind: 'bars', unit: '件',
        rows: BACKLOG_LEVELS.flatMap((l) => [
          { name: `${BACKLOG_LEVEL_LABELS[l]}受理`, value: p.backlog[l].total, color: COLORS.indigo },
          { name: `${BACKLOG_LEVEL_LABELS[l]}化解`, value: p.backlog[l].resolved, color: COLORS.teal },
        ]),
      },
      {
        id: 'yoy', area: 'c', title: '同比（本期 / 去年同期）', counts: tag, kind: 'bars', unit: '件',
        rows: [
          { name: '信访件 本期', value: p.petitions, color: COLORS.accent },
          { name: '信访件 去年', value: p.lastYear.petitions, color: COLORS.faint },
          { name: '重访 本期', value: p.repeatVisits, color: COLORS.yellow },
          { name: '重访 去年', value: p.lastYear.repeatVisits, color: COLORS.faint },
          { name: '越级访 本期', value: p.overLevel, color: COLORS.red },
          { name: '越级访 去年', value: p.lastYear.overLevel, color: COLORS.faint },
        ],
      },
      // No open 积案 left: the column shows where the petitions come from instead of an empty list.
      p.openBacklog.total > 0
        ? {
            id: 'open', area: 'd', title: '在办积案 · 包案领导', counts: STOCK, kind: 'backlog', total: p.openBacklog.total,
            rows: p.openBacklog.items.map((b) => ({
              caseId: b.caseId, title: b.title, place: b.regionName, level: BACKLOG_LEVEL_LABELS[b.level],
              leader: b.caseLeader ?? '未明确', clearBy: clock(b.clearBy), overdue: b.overdue,
            })),
          }
        : ranking(a, { id: 'towns', area: 'd', what: '信访件', counts: tag, key: 'petitions', unit: '件', color: COLORS.accent }),
    ],
    map: { kinds: [], stations: false, cameras: false },
  }
}

function safety(a: ThemeAnswer, tag: string): ThemeView {
  const s = a.safety!
  const peak = s.byHour.indexOf(Math.max(...s.byHour))
  const types = [...s.byType].filter((t) => t.cases > 0).sort((x, y) => y.cases - x.cases)
  return {
    tiles: [
      { metric: 'safety.cases', label: '电诈警情', value: formatCount(s.cases), unit: '起', counts: tag, change: yoy(s.cases, s.lastYear.cases) },
      { metric: 'safety.loss', label: '群众损失', value: wan(s.loss), unit: '万元', counts: tag, change: yoy(s.loss, s.lastYear.loss) },
      { metric: 'safety.lastYear.cases', label: '去年同期', value: formatCount(s.lastYear.cases), unit: '起', counts: '同期' },
      { metric: 'safety.peakHour', label: '高发时段', value: s.cases ? `${peak}–${peak + 1}` : '—', unit: '时', counts: tag },
    ],
    panels: [
      { id: 'hours', area: 'a', title: '警情时段分布', counts: tag, kind: 'hours', values: s.byHour },
      { id: 'types', area: 'c', title: '诈骗类型', counts: tag, kind: 'bars', unit: '起', rows: types.map((t) => ({ name: t.label, value: t.cases })) },
      ranking(a, { id: 'towns', area: 'b', what: '电诈警情', counts: tag, key: 'cases', unit: '起', color: COLORS.accent, sub: (f) => `损失${wan(f.loss ?? 0)}万` }),
      { id: 'losses', area: 'd', title: '损失金额', counts: tag, kind: 'bars', unit: '元', rows: types.map((t) => ({ name: t.label, value: t.loss, color: COLORS.yellow })) },
    ],
    map: { kinds: [], stations: false, cameras: true },
  }
}

function fire(a: ThemeAnswer, tag: string): ThemeView {
  const f = a.fire!
  return {
    tiles: [
      { metric: 'fire.sites', label: '检查点位', value: formatCount(f.sites), unit: '处', counts: STOCK },
      { metric: 'fire.rounds', label: '督查轮次', value: formatCount(f.rounds), unit: '轮', counts: tag },
      { metric: 'fire.hazards', label: '发现隐患', value: formatCount(f.hazards), unit: '处', counts: tag, note: '按发现日计' },
      // Rectified in the period, wherever the hazard was found: more than found when older ones are closed.
      { metric: 'fire.rectified', label: '已整改', value: formatCount(f.rectified), unit: '处', counts: tag, note: '按整改日计，含往期隐患' },
      { metric: 'fire.stations', label: '消防站', value: formatCount(f.stations), unit: '个', counts: STOCK },
      { metric: 'fire.coverage', label: '五分钟救援圈覆盖', value: formatRate(f.coverage), unit: '%', counts: STOCK },
    ],
    panels: [
      {
        id: 'hazards', area: 'a', title: '隐患排查整改', counts: tag, kind: 'bars', unit: '处',
        rows: [
          { name: '发现隐患', value: f.hazards, color: COLORS.yellow },
          { name: '已整改(含往期)', value: f.rectified, color: COLORS.green },
          { name: '整改中点位(当前)', value: f.rectifying, color: COLORS.red },
        ],
      },
      ranking(a, { id: 'towns', area: 'b', what: '发现隐患', counts: `${tag} · 整改含往期隐患`, key: 'hazards', unit: '处', color: COLORS.yellow, sub: (x) => `整改 ${formatCount(x.rectified ?? 0)}` }),
      ranking(a, { id: 'town-sites', area: 'd', what: '检查点位', counts: STOCK, key: 'sites', unit: '处', color: COLORS.accent }),
      {
        id: 'sites', area: 'c', title: '检查点位', counts: STOCK, kind: 'bars', unit: '处',
        rows: [
          { name: '检查点位', value: f.sites, color: COLORS.accent },
          { name: '隐患整改中', value: f.sitesRectifying, color: COLORS.yellow },
          { name: '消防风险点', value: f.firePoints, color: COLORS.indigo },
          { name: '本期检查', value: f.inspections, color: COLORS.teal },
        ],
      },
    ],
    map: { kinds: ['fire', 'building'], stations: true, cameras: false },
  }
}

function water(a: ThemeAnswer, tag: string): ThemeView {
  const w = a.water!
  const tone: Record<string, string> = { normal: COLORS.teal, warning: COLORS.yellow, alarm: COLORS.red, rectifying: COLORS.indigo, rectified: COLORS.green }
  return {
    tiles: [
      { metric: 'water.points', label: '涉水点位', value: formatCount(w.points), unit: '处', counts: STOCK },
      { metric: 'water.byStatus.alarm', label: '告警点位', value: formatCount(w.byStatus.alarm), unit: '处', counts: STOCK },
      { metric: 'water.rescueSets', label: '救援器材', value: formatCount(w.rescueSets), unit: '套', counts: STOCK },
      { metric: 'water.readyRate', label: '器材完好率', value: formatRate(rate(w.rescueReady, w.rescueSets)), unit: '%', counts: STOCK },
      { metric: 'water.patrols', label: '巡查', value: formatCount(w.patrols), unit: '次', counts: tag },
      { metric: 'water.hazards', label: '涉水隐患', value: formatCount(w.hazards), unit: '处', counts: tag, change: yoy(w.hazards, w.lastYear.hazards) },
    ],
    panels: [
      {
        id: 'status', area: 'a', title: '点位状态', counts: STOCK, kind: 'bars', unit: '处',
        rows: RISK_STATUSES.map((s) => ({ name: RISK_STATUS_LABELS[s], value: w.byStatus[s], color: tone[s] })),
      },
      {
        id: 'rescue', area: 'c', title: '救援器材', counts: STOCK, kind: 'bars', unit: '套',
        rows: [
          { name: '配备', value: w.rescueSets, color: COLORS.accent },
          { name: '完好', value: w.rescueReady, color: COLORS.green },
          { name: '缺损待补', value: w.rescueSets - w.rescueReady, color: COLORS.yellow },
        ],
      },
      ranking(a, { id: 'towns', area: 'b', what: '涉水点位', counts: STOCK, key: 'points', unit: '处', color: COLORS.teal, sub: (x) => (x.alarm ? `告警 ${x.alarm}` : '') }),
      ranking(a, { id: 'town-rescue', area: 'd', what: '救援器材', counts: STOCK, key: 'rescueSets', unit: '套', color: COLORS.accent }),
    ],
    map: { kinds: ['water'], stations: false, cameras: true },
  }
}

const BUILDERS: Record<Exclude<ThemePage, never>, (a: ThemeAnswer, tag: string) => ThemeView> = { petition, safety, fire, water }

/** A themed page's tiles, panels and map layers from its REST answer; `tag` names the period (本年累计 …). */
export function themeView(page: ThemePage, a: ThemeAnswer, tag: string): ThemeView {
  return BUILDERS[page](a, tag)
}
