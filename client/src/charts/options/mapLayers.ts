import type { FireStationView } from '../../../../shared/api/fireStations'
import type { RiskView } from '../../../../shared/api/cases'
import { RISK_STATUS_LABELS, type RiskStatus } from '../../../../shared/domain/vocabulary'
import { circleRing } from '../../map/circle'
import type { LngLat } from '../../map/geoFiles'
import type { WallOption } from '../echarts'
import { COLORS } from '../theme'
import { riskTooltip, stationTooltip } from './mapTooltip'
import { STATUS_COLORS } from './risk'

type Series = Extract<NonNullable<WallOption['series']>, unknown[]>[number]

/** Bottom to top: what needs action is drawn last, so nothing hides an alarm. */
export const RISK_DRAW_ORDER: readonly RiskStatus[] = ['rectified', 'normal', 'rectifying', 'warning', 'alarm']

/** On a blue map the panel's muted "normal" would vanish; the other colours mean what they mean everywhere. */
const POINT_COLORS: Record<RiskStatus, string> = { ...STATUS_COLORS, normal: '#9fb3d1' }
/** Relative sizes: the eye should land on alarms and warnings first. */
const POINT_SIZES: Record<RiskStatus, number> = { rectified: 0.36, normal: 0.36, rectifying: 0.5, warning: 0.62, alarm: 0.72 }

export const FIRE_COLOR = '#fb923c'
export const STATION_SERIES = '消防站'
export const CIRCLE_SERIES = '五分钟救援圈'
/** A flame, for the stations (a path ECharts scales to the symbol size). */
const FLAME = 'path://M12 1C13 6 19 9 19 15.5A7 7 0 0 1 5 15.5C5 12 7 10 8 8C8.5 10.5 10 11.5 11 11.5C11 8 10.5 4.5 12 1Z'

/** One series per status, so the legend names and counts them and can hide any. */
export function riskSeries(byStatus: ReadonlyMap<RiskStatus, RiskView[]>, u: number, scale: number, labelled: boolean): Series[] {
  return RISK_DRAW_ORDER.filter((s) => byStatus.has(s)).map((status, i) => {
    const list = byStatus.get(status) ?? []
    const common = {
      name: RISK_STATUS_LABELS[status],
      coordinateSystem: 'geo' as const,
      z: 4 + i * 0.01,
      data: list.map((r) => ({ name: r.name, value: [r.lng, r.lat] })),
      symbolSize: Math.round(u * POINT_SIZES[status] * scale),
      itemStyle: { color: POINT_COLORS[status], borderColor: '#06101f', borderWidth: Math.max(1, u * 0.06), opacity: status === 'normal' || status === 'rectified' ? 0.7 : 1 },
      emphasis: { scale: 1.4 },
      tooltip: { formatter: (p: unknown) => riskTooltip(list[(p as { dataIndex: number }).dataIndex]!) },
      label: {
        show: labelled && status !== 'normal' && status !== 'rectified',
        position: 'right' as const,
        fontSize: Math.round(u * 0.8),
        color: COLORS.text,
        formatter: '{b}',
        textShadowColor: 'rgba(4, 10, 20, 0.9)',
        textShadowBlur: u * 0.3,
      },
      labelLayout: { hideOverlap: true },
      animation: false,
    }
    // The pulse repaints its canvas layer every frame: alarms get a layer of their own, so the
    // map beneath is not redrawn sixty times a second for weeks.
    return status === 'alarm'
      ? { ...common, type: 'effectScatter' as const, zlevel: 1, rippleEffect: { brushType: 'stroke' as const, scale: 3.2, period: 2.8 }, showEffectOn: 'render' as const }
      : { ...common, type: 'scatter' as const }
  })
}

/** The stations as flames; names only where the map is close enough to hold them. */
export function stationSeries(stations: readonly FireStationView[], u: number, scale: number, labelled: boolean): Series {
  return {
    type: 'scatter',
    name: STATION_SERIES,
    coordinateSystem: 'geo',
    z: 3,
    symbol: FLAME,
    data: stations.map((s) => ({ name: s.name, value: [s.lng, s.lat], symbolSize: Math.round(u * scale * (s.role === 'main' ? 1.1 : 0.8)) })),
    itemStyle: { color: FIRE_COLOR, borderColor: '#06101f', borderWidth: 1 },
    tooltip: { formatter: (p: unknown) => stationTooltip(stations[(p as { dataIndex: number }).dataIndex]!) },
    label: { show: labelled, position: 'bottom', fontSize: Math.round(u * 0.75), color: '#fcd9b6', formatter: '{b}', textShadowColor: 'rgba(4, 10, 20, 0.9)', textShadowBlur: u * 0.3 },
    labelLayout: { hideOverlap: true },
    animation: false,
  }
}

/**
 * 五分钟救援圈: each station's circle as a polygon of true radius (a ring of lng/lat points put
 * through the map's projection), faintly filled so overlaps read as better cover and gaps show.
 * Silent: the circles must not steal the hover of the regions and points beneath them.
 */
export function circleSeries(stations: readonly FireStationView[], u: number): Series {
  const rings: LngLat[][] = stations.map((s) => circleRing(s.lng, s.lat, s.rescueRadiusM))
  return {
    type: 'custom',
    name: CIRCLE_SERIES,
    coordinateSystem: 'geo',
    z: 2,
    silent: true,
    animation: false,
    itemStyle: { color: FIRE_COLOR },
    data: stations.map((s) => [s.lng, s.lat]),
    renderItem: (params, api) => ({
      type: 'polygon',
      shape: { points: (rings[params.dataIndex] ?? []).map((p) => api.coord(p)) },
      style: { fill: 'rgba(251, 146, 60, 0.06)', stroke: 'rgba(251, 146, 60, 0.55)', lineWidth: Math.max(1, u * 0.07), lineDash: [u * 0.35, u * 0.25] },
    }),
  }
}
