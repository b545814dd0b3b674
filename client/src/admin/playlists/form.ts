import type { Playlist, PlaylistInput, PlaylistItem, PlaylistPeriod } from '../../../../shared/api/playlists'
import { TIME_OF_DAY, minutesOf } from '../../../../shared/playlists/schedule'
import { PERIOD_PRESETS, PERIOD_PRESET_LABELS, type PeriodPreset } from '../../../../shared/time/periods'
import { WALL_PAGE_LABELS, WALL_PAGES, type WallPage } from '../../../../shared/themes/pages'

/**
 * The 轮播方案 form's pure logic: a playlist as editable rows (strings, as the fields hold them),
 * checked in Chinese before sending and turned back into the API's input. The bounds repeat
 * shared/api/playlists.ts (a unit test keeps them equal): importing it would bring its schemas
 * into the page.
 */
export const NAME_MAX = 80
export const MAX_ITEMS = 50
export const DWELL_MIN = 5
export const DWELL_MAX = 3600

export const PAGE_CHOICES = WALL_PAGES.map((value) => ({ value, label: WALL_PAGE_LABELS[value] }))
/** '' is no period: the item shows the wall's own (today to date). `custom` keeps a saved day range. */
export const PERIOD_CHOICES = [{ value: '', label: '大屏默认' }, ...PERIOD_PRESETS.map((value) => ({ value, label: PERIOD_PRESET_LABELS[value] }))]

export interface WindowDraft {
  from: string
  to: string
}
export interface ItemDraft {
  region: string
  page: WallPage
  period: PeriodPreset | '' | 'custom'
  /** A saved `{ from, to }` range, kept as it was (the form offers presets only). */
  range: { from: string; to: string } | null
  dwell: string
  schedule: WindowDraft
}
export interface PlaylistDraft {
  name: string
  schedule: WindowDraft
  items: ItemDraft[]
}

const noWindow = (): WindowDraft => ({ from: '', to: '' })
const windowDraft = (w: WindowDraft | null | undefined): WindowDraft => (w ? { from: w.from, to: w.to } : noWindow())

export const newItem = (region: string, page: WallPage = 'overview'): ItemDraft => ({ region, page, period: '', range: null, dwell: '30', schedule: noWindow() })
export const newDraft = (region: string): PlaylistDraft => ({ name: '', schedule: noWindow(), items: [newItem(region)] })

export function draftOf(p: Pick<Playlist, 'name' | 'schedule' | 'items'>): PlaylistDraft {
  return {
    name: p.name,
    schedule: windowDraft(p.schedule),
    items: p.items.map((i) => ({
      region: i.region,
      page: i.page,
      period: i.period === undefined ? '' : typeof i.period === 'string' ? i.period : 'custom',
      range: i.period !== undefined && typeof i.period === 'object' ? { ...i.period } : null,
      dwell: String(i.dwell),
      schedule: windowDraft(i.schedule),
    })),
  }
}

/** The rows with row `i` moved by `by` (−1 up, +1 down); the same rows when it cannot move. */
export function moved<T>(rows: readonly T[], i: number, by: -1 | 1): T[] {
  const j = i + by
  if (i < 0 || i >= rows.length || j < 0 || j >= rows.length) return [...rows]
  const out = [...rows]
  ;[out[i], out[j]] = [out[j]!, out[i]!]
  return out
}

/** A window's problem: both times or neither, HH:MM, not empty. */
function windowProblem(w: WindowDraft): string | null {
  if (!w.from && !w.to) return null
  if (!w.from || !w.to) return '时段需同时填写开始和结束时间'
  if (!TIME_OF_DAY.test(w.from) || !TIME_OF_DAY.test(w.to)) return '时间格式应为 时:分，例如 08:30'
  if (minutesOf(w.from) === minutesOf(w.to)) return '开始和结束时间不能相同'
  return null
}
const windowOf = (w: WindowDraft) => (w.from && w.to ? { from: w.from, to: w.to } : undefined)

/** Problems by field: `name`, `schedule`, `items`, `items.3.dwell` …; empty when none. */
export type DraftProblems = Partial<Record<string, string>>

export function draftProblems(d: PlaylistDraft): DraftProblems {
  const out: DraftProblems = {}
  const name = d.name.trim()
  if (!name) out.name = '请填写方案名称'
  else if (name.length > NAME_MAX) out.name = `方案名称不能超过 ${NAME_MAX} 字`
  const s = windowProblem(d.schedule)
  if (s) out.schedule = s
  if (d.items.length === 0) out.items = '至少需要一项'
  else if (d.items.length > MAX_ITEMS) out.items = `至多 ${MAX_ITEMS} 项`
  d.items.forEach((item, i) => {
    if (!item.region) out[`items.${i}.region`] = '请选择区域'
    const dwell = item.dwell.trim()
    if (!/^\d+$/.test(dwell) || Number(dwell) < DWELL_MIN || Number(dwell) > DWELL_MAX) out[`items.${i}.dwell`] = `停留时间应为 ${DWELL_MIN}–${DWELL_MAX} 秒的整数`
    const w = windowProblem(item.schedule)
    if (w) out[`items.${i}.schedule`] = w
  })
  return out
}

/** The API's input for a draft already without problems. */
export function inputOf(d: PlaylistDraft): PlaylistInput {
  const items = d.items.map((item): PlaylistItem => {
    const period: PlaylistPeriod | undefined = item.period === 'custom' ? (item.range ?? undefined) : item.period || undefined
    const schedule = windowOf(item.schedule)
    return { region: item.region, page: item.page, ...(period ? { period } : {}), dwell: Number(item.dwell.trim()), ...(schedule ? { schedule } : {}) }
  })
  return { name: d.name.trim(), items, schedule: windowOf(d.schedule) ?? null }
}

/** One lap in seconds: every item's dwell (scheduled items included: the longest lap). */
export const lapSeconds = (items: ReadonlyArray<{ dwell: number }>) => items.reduce((s, i) => s + i.dwell, 0)

/** `95` → `1 分 35 秒`; `3600` → `1 小时`. */
export function durationText(s: number): string {
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  const parts = [h ? `${h} 小时` : '', m ? `${m} 分` : '', sec || s === 0 ? `${sec} 秒` : '']
  return parts.filter(Boolean).join(' ')
}

/** A daily window as read aloud; none: 全天. */
export const windowText = (w: WindowDraft | null | undefined) => (w ? `每日 ${w.from}–${w.to}${minutesOf(w.to) < minutesOf(w.from) ? '（跨夜）' : ''}` : '全天')

/** An item's period as read aloud. */
export function periodText(p: PlaylistPeriod | undefined): string {
  if (p === undefined) return '大屏默认'
  return typeof p === 'string' ? PERIOD_PRESET_LABELS[p] : `${p.from} 至 ${p.to}`
}

const FIELD_WORDS: Record<string, string> = { region: '区域', page: '页面', period: '时间范围', dwell: '停留时间', schedule: '时段', name: '方案名称', items: '轮播项' }

/**
 * The server's 400 `details` (path + English message) in Chinese, one line each: `/items/1/region
 * unknown region X` → `第 2 项 区域：区域 X 不存在`.
 */
export function detailText(d: { path: string; message: string }): string {
  const m = /^\/items\/(\d+)(?:\/(\w+))?/.exec(d.path)
  const where = m ? `第 ${Number(m[1]) + 1} 项${m[2] ? ` ${FIELD_WORDS[m[2]] ?? m[2]}` : ''}` : (FIELD_WORDS[d.path.replace(/^\//, '').split('/')[0] ?? ''] ?? '方案')
  const unknown = /unknown region (\S+)/.exec(d.message)
  const what = unknown
    ? `区域 ${unknown[1]} 不存在`
    : /window is empty/.test(d.message)
      ? '开始和结束时间不能相同'
      : /ends before it starts/.test(d.message)
        ? '结束日期早于开始日期'
        : /not a calendar day/.test(d.message)
          ? '日期不存在'
          : /must be (integer|number)|>=|<=|minimum|maximum/.test(d.message)
            ? '取值超出允许范围'
            : '填写有误'
  return `${where}：${what}`
}
