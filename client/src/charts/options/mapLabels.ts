import type { ChildFigures } from '../../../../shared/summary/detail'
import { MAP_METRIC_INFO, type MapMetric } from '../../map/metrics'
import type { MapScene, Place } from '../../map/scene'
import type { WallOption } from '../echarts'
import { COLORS } from '../theme'
import { labelSize, textWidth } from './base'
import { planLabels, type LabelPlace } from './labelPlan'
import { geoView, mapMargins, project, type Rect } from './mapView'
import { regionTooltip } from './mapTooltip'

type Series = Extract<NonNullable<WallOption['series']>, unknown[]>[number]

interface LabelInput {
  figures: ReadonlyMap<string, ChildFigures>
  metric: MapMetric
}

/** Bigger names when there are few of them: a province's cities, not a district's two dozen towns. */
const nameSize = (u: number, n: number) => Math.round(u * (n <= 4 ? 1.35 : n <= 12 ? 1.1 : n <= 20 ? 0.95 : 0.85))

function figuresOf(places: readonly Place[], input: LabelInput) {
  const info = MAP_METRIC_INFO[input.metric]
  return places.map((p) => {
    const c = input.figures.get(p.code)
    const v = c ? info.value(c) : null
    return { place: p, value: v, text: v === null ? '' : info.format(v) }
  })
}

/**
 * The names and figures of a map's areas: on the areas where they fit, beside the map (with a
 * leader line) where they do not (labelPlan.ts). Both are clickable and open the area.
 */
export function areaLabelSeries(scene: MapScene, input: LabelInput, u: number, width: number, height: number): { view: ReturnType<typeof geoView>; series: Series[] } {
  const info = MAP_METRIC_INFO[input.metric]
  const size = nameSize(u, scene.areas.length)
  const small = Math.max(labelSize(u), Math.round(size * 0.9))
  const items = figuresOf(scene.areas, input)
  const m = mapMargins(u)
  const gap = u * 0.35
  const wishesIn = (view: Rect) =>
    items.map(({ place, value, text }) => {
      const [x, y] = project(scene, view, place.lng, place.lat)
      const valueW = textWidth(text + info.unit, size * 0.95)
      return {
        x,
        y,
        priority: value ?? -1,
        inside: { width: Math.max(textWidth(place.name, size), valueW) + u * 0.9, height: size * 2.45 + u * 0.3 },
        callout: { width: textWidth(`${place.name} ${text}${info.unit}`, small) + u * 1.6, height: small * 1.45 },
      }
    })
  const planIn = (view: Rect) =>
    planLabels(
      wishesIn(view),
      view,
      {
        left: { x: m.left + u * 0.3, width: Math.max(0, view.x - u * 0.6 - (m.left + u * 0.3)) },
        right: { x: view.x + view.width + u * 0.6, width: Math.max(0, width - m.right - u * 0.3 - (view.x + view.width + u * 0.6)) },
      },
      height,
      gap,
    )
  // A map that fills the width leaves no room beside it: it shrinks (up to twice) until every name shows.
  let best: { view: ReturnType<typeof geoView>; plan: LabelPlace[]; shown: number } | null = null
  for (const aside of [0, u * 6, u * 10]) {
    const view = geoView(scene, u, width, height, aside)
    const plan = planIn(view.rect)
    const shown = plan.filter((p) => p.mode !== 'hidden').length
    if (!best || shown > best.shown) best = { view, plan, shown }
    if (shown === items.length) break
  }
  const { view, plan } = best!
  const calloutIdx = plan.flatMap((p, i) => (p.mode === 'left' || p.mode === 'right' ? [i] : []))
  const inside = {
    type: 'scatter' as const,
    name: '下级区域',
    coordinateSystem: 'geo' as const,
    z: 6,
    symbolSize: 1,
    // Not opacity 0: that would hide the labels too.
    itemStyle: { color: 'transparent' },
    data: items.map(({ place, value }, i) => ({
      name: place.name,
      code: place.code,
      value: [place.lng, place.lat, value ?? '-'],
      label: { show: plan[i]!.mode === 'inside' },
    })),
    label: {
      position: 'inside' as const,
      formatter: (p: unknown) => {
        const i = (p as { dataIndex: number }).dataIndex
        const it = items[i]
        return !it ? '' : it.value === null ? `{n|${it.place.name}}` : `{n|${it.place.name}}\n{v|${it.text}}{u|${info.unit}}`
      },
      rich: {
        n: { fontSize: size, fontWeight: 600, color: COLORS.text, lineHeight: size * 1.25 },
        v: { fontSize: Math.round(size * 0.95), fontWeight: 700, color: '#e9f5ff', lineHeight: size * 1.2 },
        u: { fontSize: Math.round(size * 0.7), color: COLORS.muted },
      },
      textShadowColor: 'rgba(4, 10, 20, 0.95)',
      textShadowBlur: u * 0.35,
      // A faint plate: points and stations under a name must not break its words.
      backgroundColor: 'rgba(6, 16, 31, 0.5)',
      padding: [u * 0.15, u * 0.45],
      borderRadius: u * 0.3,
    },
    tooltip: { formatter: (p: unknown) => regionTooltip((p as { name: string }).name, input.figures.get((p as { data: { code: string } }).data.code)) },
  }
  const callouts: Series = {
    type: 'custom',
    name: '下级区域标注',
    coordinateSystem: 'geo',
    z: 7,
    animation: false,
    data: calloutIdx.map((i) => ({ value: [items[i]!.place.lng, items[i]!.place.lat], code: items[i]!.place.code, name: items[i]!.place.name })),
    tooltip: { formatter: (p: unknown) => regionTooltip((p as { name: string }).name, input.figures.get((p as { data: { code: string } }).data.code)) },
    renderItem: (params, api) => {
      const i = calloutIdx[params.dataIndex]!
      const where = plan[i] as Extract<LabelPlace, { x: number }>
      const it = items[i]!
      const [px, py] = api.coord([it.place.lng, it.place.lat]) as [number, number]
      const toLeft = where.mode === 'left'
      const elbow = where.x + (toLeft ? u * 0.5 : -u * 0.5)
      return {
        type: 'group',
        children: [
          { type: 'polyline', shape: { points: [[px, py], [elbow, where.y], [where.x, where.y]] }, style: { stroke: 'rgba(200, 220, 245, 0.55)', lineWidth: Math.max(1, u * 0.07), fill: 'none' }, silent: true },
          { type: 'circle', shape: { cx: px, cy: py, r: u * 0.2 }, style: { fill: COLORS.text, stroke: '#06101f', lineWidth: 1 }, silent: true },
          {
            type: 'text',
            x: where.x + (toLeft ? -u * 0.2 : u * 0.2),
            y: where.y,
            style: {
              text: it.value === null ? `{n|${it.place.name}}` : `{n|${it.place.name}}\u2002{v|${it.text}}{u|${info.unit}}`,
              align: toLeft ? 'right' : 'left',
              verticalAlign: 'middle',
              rich: {
                n: { fontSize: small, fontWeight: 600, fill: COLORS.text },
                v: { fontSize: small, fontWeight: 700, fill: '#e9f5ff' },
                u: { fontSize: Math.round(small * 0.75), fill: COLORS.muted },
              },
            },
          },
        ],
      }
    },
  }
  return { view, series: [inside, callouts] }
}

/** A town's villages (or the one village close up) as points with their names and figures. */
export function pointLabelSeries(scene: MapScene, input: LabelInput, u: number): Series {
  const info = MAP_METRIC_INFO[input.metric]
  const items = figuresOf(scene.points, input)
  const size = scene.kind === 'village' ? Math.round(u * 1.35) : nameSize(u, items.length)
  const top = Math.max(1e-9, ...items.map((it) => it.value ?? 0))
  return {
    type: 'scatter',
    name: '下级区域',
    coordinateSystem: 'geo',
    z: 6,
    // Bigger figures, bigger points (a village's name is kept where names would collide by its
    // point's size, so the busiest villages keep theirs).
    symbolSize: (_v: unknown, p: { dataIndex: number }) => {
      if (scene.kind === 'village') return Math.round(u * 1.6)
      const v = items[p.dataIndex]?.value ?? 0
      return Math.round(u * (0.8 + (0.5 * v) / top))
    },
    itemStyle: { borderColor: 'rgba(220, 235, 255, 0.9)', borderWidth: Math.max(1.5, u * 0.12) },
    cursor: scene.kind === 'village' ? 'default' : 'pointer',
    data: items.map(({ place, value }) => ({ name: place.name, code: place.code, value: [place.lng, place.lat, value ?? '-'] })),
    label: {
      show: true,
      // Names let the pointer through: a click lands on the point under it, not on a neighbour's name.
      silent: true,
      position: 'right',
      distance: u * 0.3,
      formatter: (p: unknown) => {
        const it = items[(p as { dataIndex: number }).dataIndex]
        return !it ? '' : it.value === null || scene.kind === 'village' ? `{n|${it.place.name}}` : `{n|${it.place.name}}\n{v|${it.text}}{u|${info.unit}}`
      },
      rich: {
        n: { fontSize: size, fontWeight: 600, color: COLORS.text, lineHeight: size * 1.25 },
        v: { fontSize: Math.round(size * 0.95), fontWeight: 700, color: '#e9f5ff', lineHeight: size * 1.2 },
        u: { fontSize: Math.round(size * 0.7), color: COLORS.muted },
      },
      textShadowColor: 'rgba(4, 10, 20, 0.95)',
      textShadowBlur: u * 0.35,
    },
    labelLayout: { hideOverlap: true },
    emphasis: { scale: 1.3 },
    tooltip: { formatter: (p: unknown) => regionTooltip((p as { name: string }).name, input.figures.get((p as { data: { code: string } }).data.code)) },
  }
}
