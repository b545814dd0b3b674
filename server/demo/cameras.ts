import type { YipingEvent } from '../../shared/events/schema'
import { toShanghaiIso } from '../../shared/time/shanghai'
import type { Territory } from './territory'

const round5 = (x: number) => Math.round(x * 1e5) / 1e5

/**
 * The demo's camera registry (视频联动): one camera at each town's seat (its square, a stone's throw
 * from the centre the map places it at) playing an HLS stream, and one at the first village with a
 * position, linking to the video platform. The URLs are placeholders on the reserved `.invalid`
 * domain: a real installation registers its own. Registered `at` (a working hour of the first day).
 */
export function demoCameras(territory: Territory, at: number): YipingEvent[] {
  const events: YipingEvent[] = []
  for (const { town, villages } of territory.towns) {
    if (town.lng === undefined || town.lat === undefined) continue
    const seat = `CAM-${town.code}-01`
    events.push({
      id: `demo-${seat}`,
      type: 'camera.registered',
      at: toShanghaiIso(at),
      cameraId: seat,
      regionCode: town.code,
      name: `${town.name}政府广场`,
      lng: round5(town.lng + 0.0012),
      lat: round5(town.lat - 0.0008),
      streamUrl: `https://video.demo.invalid/hls/${seat}/index.m3u8`,
    })
    const village = villages.find((v) => v.lng !== undefined && v.lat !== undefined)
    if (!village) continue
    const gate = `CAM-${town.code}-02`
    events.push({
      id: `demo-${gate}`,
      type: 'camera.registered',
      at: toShanghaiIso(at),
      cameraId: gate,
      regionCode: village.code,
      name: `${village.name}村口`,
      lng: round5(village.lng!),
      lat: round5(village.lat!),
      platformUrl: `https://video.demo.invalid/platform/camera/${gate}`,
    })
  }
  return events
}
