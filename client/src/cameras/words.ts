import type { Camera } from '../../../shared/api/cameras'

/** 850 米, 1.2 公里, 12 公里: as a dispatcher says it on the phone. */
export function formatDistance(metres: number): string {
  const m = Math.max(0, Math.round(metres))
  if (m < 1000) return `${m} 米`
  const km = m / 1000
  return `${km < 10 ? km.toFixed(1).replace(/\.0$/, '') : Math.round(km)} 公里`
}

/** 视频流 for an HLS stream, 平台 for a link to the video platform. */
export function cameraKindWord(kind: Camera['kind']): string {
  return kind === 'hls' ? '视频流' : '平台'
}
