import type { Camera } from '../../../../shared/api/cameras'
import type { FireStationView } from '../../../../shared/api/fireStations'
import type { RiskView } from '../../../../shared/api/cases'
import { RISK_STATUS_LABELS, type RiskStatus } from '../../../../shared/domain/vocabulary'
import type { ChildFigures } from '../../../../shared/summary/detail'
import { MAP_METRIC_INFO, niceRange, type MapMetric } from '../../map/metrics'
import type { MapScene } from '../../map/scene'
import { CAMERA_COLOR, CAMERA_SERIES, cameraSeries } from '../../cameras/layer'
import { formatCount } from '../../util/format'
import type { WallOption } from '../echarts'
import { COLORS } from '../theme'
import { base, labelSize } from './base'
import { areaLabelSeries, pointLabelSeries } from './mapLabels'
import { circleSeries, CIRCLE_SERIES, FIRE_COLOR, RISK_DRAW_ORDER, riskSeries, STATION_SERIES, stationSeries } from './mapLayers'
import { regionTooltip } from './mapTooltip'
import { geoView } from './mapView'

export interface MapInput {
  scene: MapScene
  figures: ReadonlyMap<string, ChildFigures>
  metric: MapMetric
  /** The points to draw, by status (only the statuses this level shows are keys). */
  risks: ReadonlyMap<RiskStatus, RiskView[]>
  stations: readonly FireStationView[]
  /** The camera layer (empty when it is off). */
  cameras: readonly Camera[]
}

/** Regions without figures (yet), and the tree's outside neighbours drawn for context. */
const NO_DATA = '#132a46'
const CONTEXT = '#0c1c33'
const PANEL_BG = 'rgba(11, 26, 48, 0.85)'

/**
 * The map panel's chart: the shown region's children filled by one metric (a continuous legend
 * at the lower left), risk points by status, fire stations with their five-minute rescue
 * circles and, when that layer is on, cameras (legend at the lower right), names and figures printed on the map. Sizes come from the
 * wall unit `u`, so 1080p and 4K walls read alike. Shapes keep their true aspect (a degree of
 * longitude is cos(latitude) of one of latitude), and the neighbours run on to the canvas edge.
 */
export function mapOption(input: MapInput, u: number, width: number, height: number): WallOption {
  const { scene, metric, stations, cameras } = input
  const info = MAP_METRIC_INFO[metric]
  const regions = scene.kind === 'regions'
  const values = [...scene.areas, ...(scene.kind === 'town' ? scene.points : [])].map((p) => {
    const c = input.figures.get(p.code)
    return c ? info.value(c) : null
  })
  const { min, max } = niceRange(values)
  const labels = regions ? areaLabelSeries(scene, input, u, width, height) : null
  const view = labels?.view ?? geoView(scene, u, width, height)
  const series: NonNullable<WallOption['series']> = []
  let filled: number | null = null

  if (regions) {
    filled = series.length
    series.push({
      type: 'map',
      name: info.label,
      geoIndex: 0,
      // Regions without a value take the series colour, not the geo's: both kinds are given theirs.
      itemStyle: { color: NO_DATA },
      data: [
        ...scene.areas.map((a, i) => ({ name: a.code, value: values[i] ?? ('-' as const) })),
        ...scene.context.map((code) => ({ name: code, value: '-' as const, itemStyle: { color: CONTEXT } })),
      ],
      tooltip: {
        formatter: (p: unknown) => {
          const code = (p as { name: string }).name
          return regionTooltip(scene.areas.find((a) => a.code === code)?.name ?? code, input.figures.get(code))
        },
      },
    })
  }
  const pointScale = scene.kind === 'village' ? 1.4 : scene.kind === 'town' ? 1.15 : 0.9
  series.push(circleSeries(stations, u))
  series.push(stationSeries(stations, u, regions ? 0.7 : pointScale, !regions))
  if (cameras.length) series.push(cameraSeries(cameras, u, regions ? 0.8 : pointScale, !regions))
  series.push(...riskSeries(input.risks, u, pointScale, scene.kind === 'village'))
  if (labels) series.push(...labels.series)
  else {
    if (scene.kind === 'town') filled = series.length
    series.push(pointLabelSeries(scene, input, u))
  }

  const statuses = [...RISK_DRAW_ORDER].reverse().filter((s) => input.risks.has(s))
  const legendCount = new Map<string, number>([
    ...statuses.map((s) => [RISK_STATUS_LABELS[s], input.risks.get(s)?.length ?? 0] as const),
    [STATION_SERIES, stations.length],
    [CAMERA_SERIES, cameras.length],
  ])

  return {
    ...base(u),
    tooltip: { ...base(u).tooltip, trigger: 'item' },
    geo: {
      map: scene.mapName,
      nameProperty: 'code',
      roam: false,
      clip: false,
      boundingCoords: scene.bounds,
      aspectScale: scene.aspectScale,
      layoutCenter: view.layoutCenter,
      layoutSize: view.layoutSize,
      label: { show: false },
      // No `tooltip: { show: false }` here: every series on the geo inherits it (and loses its own).
      selectedMode: false,
      itemStyle: {
        areaColor: regions ? NO_DATA : '#14304f',
        borderColor: regions ? 'rgba(160, 190, 225, 0.55)' : 'rgba(120, 170, 225, 0.8)',
        borderWidth: regions ? 1 : Math.max(1.5, u * 0.12),
      },
      emphasis: { label: { show: false }, itemStyle: { areaColor: regions ? '#3d7fbd' : '#14304f' } },
      regions: scene.context.map((code) => ({
        name: code,
        silent: true,
        itemStyle: { areaColor: CONTEXT, borderColor: scene.kind === 'village' ? 'rgba(120, 170, 225, 0.45)' : COLORS.line },
        emphasis: { disabled: true },
      })),
    },
    ...(filled === null
      ? {}
      : {
          visualMap: {
            type: 'continuous',
            seriesIndex: filled,
            dimension: regions ? undefined : 2,
            min,
            max,
            calculable: false,
            realtime: false,
            orient: 'vertical',
            left: u * 0.6,
            bottom: u * 0.8,
            itemWidth: Math.round(u * 0.9),
            itemHeight: Math.round(Math.max(u * 3, Math.min(u * 7, height * 0.35))),
            text: [`${info.format(max)}${info.unit}`, `${info.format(min)}${info.unit}`],
            textGap: u * 0.4,
            // The figure beside the bar while a region is hovered.
            formatter: (v: unknown) => `${info.format(Number(v))}${info.unit}`,
            textStyle: { fontSize: labelSize(u), color: COLORS.muted },
            inRange: { color: info.ramp },
            outOfRange: { color: NO_DATA },
            backgroundColor: PANEL_BG,
            padding: [u * 0.4, u * 0.5],
          },
        }),
    legend: {
      orient: 'vertical',
      right: u * 0.6,
      bottom: u * 0.8,
      itemWidth: u * 0.9,
      itemHeight: u * 0.9,
      itemGap: u * 0.45,
      padding: [u * 0.4, u * 0.6],
      backgroundColor: PANEL_BG,
      borderRadius: u * 0.3,
      textStyle: { fontSize: labelSize(u), color: COLORS.muted },
      data: [
        ...statuses.map((s) => ({ name: RISK_STATUS_LABELS[s], icon: 'circle' })),
        ...(stations.length ? [{ name: STATION_SERIES }, { name: CIRCLE_SERIES, icon: 'emptyCircle', itemStyle: { color: FIRE_COLOR } }] : []),
        ...(cameras.length ? [{ name: CAMERA_SERIES, itemStyle: { color: CAMERA_COLOR } }] : []),
      ],
      formatter: (name: string) => {
        const n = legendCount.get(name)
        return n === undefined ? name : `${name} ${formatCount(n)}`
      },
    },
    series,
  }
}
