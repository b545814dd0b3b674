import { DEFAULT_DISPUTE_CATEGORIES } from '../domain/cases/disputes'

/**
 * The source article's figures (平安浙江, on 富阳, 淳安, 临安 and 秀洲; 2022) that the demo
 * reproduces, and over which period of the demo each one holds. `current` is the twelve months to
 * now and `previous` the twelve before them (see frame.ts); "stock" figures hold now, whatever the
 * period. test/demo/dataset.test.ts checks every one of them.
 */
export const ARTICLE = {
  /** 银湖街道: 3,579 cases by the 12345 hotline a year; in each of `current` and `previous`. */
  yinhuHotlineCases: 3579,
  /** 银湖街道: 催办率 16.63 % (urged cases / cases) of the cases reported in `current`, as of now. */
  yinhuUrgeRate: 0.1663,
  /** 矛盾纠纷不出村: ~90 % of dispute cases resolved in the village, in every twelve months. */
  disputeLocalShare: 0.9,
  /** 富阳区 积案 reported in `current`, all resolved by now: 125 national, 154 provincial, 5 municipal. */
  fuyangBacklog: { national: 125, provincial: 154, municipal: 5 },
  /** …and in `previous` (also all resolved), so that the backlog falls year on year. */
  fuyangBacklogBefore: { national: 141, provincial: 168, municipal: 7 },
  /** 淳安县 满意率 98.93 % of the follow-ups of cases reported in `current` (and in any long period). */
  chunanSatisfaction: 0.9893,
  /** 淳安县: 740+ water-side risk points (涉水风险点位), a stock now. */
  chunanWaterPoints: 740,
  /** 淳安县: 800+ rescue equipment sets (救援器材) at its water-side points, a stock now. */
  chunanRescueSets: 800,
  /** 秀洲区: 2,041 hazards supervised over its inspection rounds, in `current`. */
  xiuzhouHazards: 2041,
  /** 淳安县: 218 life-safety hazards found and fixed, in `current`. */
  chunanHazards: 218,
  /** 淳安县 劳动争议 cases: 500 in `previous` at scale 1, 37.8 % fewer (311) in `current`. */
  chunanLabour: { previous: 500, fall: 0.378 },
  /** 龙岗镇 电信诈骗 cases, all from 110 (police): 50 in `previous` at scale 1, 44 % fewer (28) in `current`; losses 35.3 % lower. */
  longgangFraud: { previous: 50, fall: 0.44, lossFall: 0.353 },
  /** 秀洲区: 1,032 inspected sites (rental housing, 三合一, workshops), a stock now. */
  xiuzhouSites: 1032,
  /** 秀洲区: 23 fire stations with a five-minute rescue circle (fire-stations.ts). */
  xiuzhouFireStations: 23,
} as const

/**
 * 矛盾纠纷: the server's own list (YIPING_DISPUTE_CATEGORIES, default in domain/cases/disputes.ts);
 * the demo's cases of these categories (邻里纠纷, 婚姻家庭, 劳动争议, 土地纠纷, 山林权属, 征地拆迁) are
 * settled locally at the same high rate, so the default list or any list built from them gives ~90 %.
 */
export const DEMO_DISPUTES: readonly string[] = DEFAULT_DISPUTE_CATEGORIES
