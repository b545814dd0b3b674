import type { Camera } from '../../../shared/api/cameras'
import type { WallOption } from '../charts/echarts'
import { COLORS } from '../charts/theme'
import { escapeHtml } from '../util/html'
import { cameraKindWord } from './words'

type Series = Extract<NonNullable<WallOption['series']>, unknown[]>[number]

export const CAMERA_SERIES = '摄像头'
/** A soft lavender: apart from the risk colours (which mean something) and the stations' orange. */
export const CAMERA_COLOR = '#a5a0e8'
/** A small camera body with its lens, side view (a path ECharts scales to the symbol size). */
const CAMERA_ICON = 'path://M2 7h12a1 1 0 0 1 1 1v1.5l5-3v11l-5-3V16a1 1 0 0 1-1 1H2a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1Z'

/**
 * The camera layer: small, calm icons, names only close up. Over regions they lie under the risk
 * points and the names; on a town's or village's map over the village points (a town's cameras
 * stand at its seat, among its villages, and would vanish under them). Alarms pulse on a layer of
 * their own above all. Each point carries the camera's id: a click opens its player.
 */
export function cameraSeries(cameras: readonly Camera[], u: number, scale: number, closeUp: boolean): Series {
  return {
    type: 'scatter',
    name: CAMERA_SERIES,
    coordinateSystem: 'geo',
    z: closeUp ? 6.5 : 3.5,
    symbol: CAMERA_ICON,
    symbolSize: Math.round(u * 0.75 * scale),
    cursor: 'pointer',
    data: cameras.map((c) => ({ name: c.name, value: [c.lng, c.lat], id: c.id })),
    itemStyle: { color: CAMERA_COLOR, borderColor: '#06101f', borderWidth: 1, opacity: 0.9 },
    emphasis: { scale: 1.3 },
    tooltip: { formatter: (p: unknown) => cameraTooltip(cameras[(p as { dataIndex: number }).dataIndex]!) },
    label: { show: closeUp, position: 'right', fontSize: Math.round(u * 0.7), color: '#d6d3f5', formatter: '{b}', textShadowColor: 'rgba(4, 10, 20, 0.9)', textShadowBlur: u * 0.3 },
    labelLayout: { hideOverlap: true },
    animation: false,
  }
}

function cameraTooltip(c: Camera): string {
  const row = (k: string, v: string) => `<div><span style="color:${COLORS.muted}">${k}</span>&nbsp;<b>${escapeHtml(v)}</b></div>`
  return `<div style="font-weight:600;margin-bottom:0.3em">${escapeHtml(c.name)}</div>${row('所在', c.regionName)}${row('视频', c.kind === 'hls' ? '点击播放' : `${cameraKindWord(c.kind)}链接`)}`
}
