import type { RiskKind } from '../../../shared/domain/vocabulary'
import type { BarRow } from '../charts/options/bars'

/** One headline figure of a themed page; `metric` is its path in the REST answer (`fire.hazards`). */
export interface ThemeTile {
  metric: string
  label: string
  /** The text shown, exactly as REST's figure is formatted. */
  value: string
  unit: string
  /** 本年累计 … for a flow, 当前 for a stock. */
  counts: string
  /** What it counts, where two tiles could be misread against each other (按整改日 …). */
  note?: string
  /** Better (green) or worse (red) than a year before, with its words; none for stocks. */
  change?: { text: string; tone: 'good' | 'bad' | 'flat' }
}

export interface BacklogRow {
  caseId: string
  title: string
  place: string
  level: string
  leader: string
  clearBy: string
  overdue: boolean
}

/** One child region in a page's ranking: its main figure and, for some pages, a second one in words. */
export interface RankRow {
  code: string
  name: string
  value: number
  sub?: string
}

export type ThemePanel =
  | { id: string; area: 'a' | 'b' | 'c' | 'd'; title: string; counts: string; kind: 'bars'; rows: BarRow[]; unit: string }
  | { id: string; area: 'a' | 'b' | 'c' | 'd'; title: string; counts: string; kind: 'hours'; values: number[] }
  | { id: string; area: 'a' | 'b' | 'c' | 'd'; title: string; counts: string; kind: 'backlog'; rows: BacklogRow[]; total: number }
  | { id: string; area: 'a' | 'b' | 'c' | 'd'; title: string; counts: string; kind: 'ranking'; rows: RankRow[]; total: number; unit: string; color: string; sub?: string }

/** What a themed page shows: its tiles, its panels by grid area, and the map's layers. */
export interface ThemeView {
  tiles: ThemeTile[]
  panels: ThemePanel[]
  /** `cameras`: the camera layer on at first (the water and safety pages, where a picture of the place helps most). */
  map: { kinds: readonly RiskKind[] | null; stations: boolean; cameras: boolean }
}
