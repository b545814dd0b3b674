import type { MapScene } from '../../map/scene'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** Margins (px) the map keeps clear: the metric's legend left, the layers' legend right. */
export const mapMargins = (u: number) => ({ left: u * 7.5, right: u * 8.5, top: u * 0.6, bottom: u * 0.6 })

/**
 * Where the scene's view lands in a `width` × `height` chart: the largest rect of the view's true
 * aspect (a degree of longitude is `aspectScale` of one of latitude) centred in the space the
 * margins leave (`aside` px more on each side make room for names beside the map). Handed to ECharts as layoutCenter/layoutSize, which keep the aspect
 * (left/right/top/bottom alone would stretch the map to the box), and used to plan labels.
 */
export function geoView(scene: MapScene, u: number, width: number, height: number, aside = 0) {
  const m = mapMargins(u)
  m.left += aside
  m.right += aside
  const boxW = Math.max(u * 4, width - m.left - m.right)
  const boxH = Math.max(u * 4, height - m.top - m.bottom)
  const [[w, n], [e, s]] = scene.bounds
  const aspect = ((e - w) * scene.aspectScale) / Math.max(1e-9, n - s)
  const size = aspect > 1 ? Math.min(boxW, boxH * aspect) : Math.min(boxH, boxW / aspect)
  const rectW = aspect > 1 ? size : size * aspect
  const rectH = aspect > 1 ? size / aspect : size
  const cx = m.left + boxW / 2
  const cy = m.top + boxH / 2
  const rect: Rect = { x: cx - rectW / 2, y: cy - rectH / 2, width: rectW, height: rectH }
  return { layoutCenter: [cx, cy], layoutSize: size, rect }
}

/** A lng/lat point in chart px, as ECharts' geo places it (linear in both, north up). */
export function project(scene: MapScene, rect: Rect, lng: number, lat: number): [number, number] {
  const [[w, n], [e, s]] = scene.bounds
  return [rect.x + ((lng - w) / (e - w)) * rect.width, rect.y + ((n - lat) / (n - s)) * rect.height]
}
