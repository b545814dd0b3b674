import { describe, expect, it } from 'vitest'
import { cameraKindWord, formatDistance } from '../../client/src/cameras/words'

describe('an alarm’s 附近摄像头 as the desk words it', () => {
  it('says distances in 米 below a kilometre, then in 公里', () => {
    expect(formatDistance(0)).toBe('0 米')
    expect(formatDistance(849.6)).toBe('850 米')
    expect(formatDistance(999)).toBe('999 米')
    expect(formatDistance(1000)).toBe('1 公里')
    expect(formatDistance(1240)).toBe('1.2 公里')
    expect(formatDistance(12_400)).toBe('12 公里')
    expect(formatDistance(-5)).toBe('0 米')
  })

  it('calls an HLS camera 视频流', () => {
    expect(cameraKindWord('hls')).toBe('视频流')
    expect(cameraKindWord('link')).toBe('平台')
  })
})
