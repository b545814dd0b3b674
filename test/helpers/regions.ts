import type { Region } from '../../shared/regions/tree'

/** A small tree with the real upper levels: enough depth for roll-ups, small enough to read. */
export const TEST_REGIONS: Region[] = [
  { code: '330000', name: '浙江省', level: 'province', parent: null },
  { code: '330100', name: '杭州市', level: 'city', parent: '330000' },
  { code: '330400', name: '嘉兴市', level: 'city', parent: '330000' },
  { code: '330111', name: '富阳区', level: 'district', parent: '330100' },
  { code: '330411', name: '秀洲区', level: 'district', parent: '330400' },
  { code: '330111001', name: '春江街道', level: 'town', parent: '330111' },
  { code: '330111002', name: '万市镇', level: 'town', parent: '330111' },
  { code: '330411001', name: '王店镇', level: 'town', parent: '330411' },
  { code: '330111001001', name: '春江村', level: 'village', parent: '330111001' },
  { code: '330111001002', name: '中沙村', level: 'village', parent: '330111001' },
  { code: '330111002001', name: '彭家村', level: 'village', parent: '330111002' },
  { code: '330111002002', name: '槎源坞村', level: 'village', parent: '330111002' },
  { code: '330411001001', name: '王店村', level: 'village', parent: '330411001' },
]
export const VILLAGES = TEST_REGIONS.filter((r) => r.level === 'village').map((r) => r.code)
