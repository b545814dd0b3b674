import type { RiskKind } from '../../../shared/domain/vocabulary'

/**
 * Risk points of the demo, shaped by the source: 淳安's 740+ water-side points and 218 life-safety
 * hazards found and fixed in a year; 秀洲's 1,032 inspected sites over 14 rounds with 2,041 hazards
 * supervised; 临安's hillside geological hazards; 富阳's river banks and workshops.
 *
 * A group's `kind` is a risk kind, or `hazard` (found during the year, rectified within weeks) or
 * `site` (秀洲's inspected rental housing and workshops). Name patterns: `{v}` village, `{t}` town,
 * `{road}` a road of 淳安.
 */
export interface RiskGroup {
  district: string
  kind: RiskKind | 'hazard' | 'site'
  count: number
  /** `all`: every town of the district, weighted by its case volume; else town name → weight. */
  towns: 'all' | Readonly<Record<string, number>>
  names: readonly string[]
  /** Share put under rectification and fixed during the year. */
  rectify: number
  /** Share of the others that raised a warning in the flood seasons. */
  seasonal: number
}

const CHUNAN = '330127'
const LINAN = '330112'
const FUYANG = '330111'
const XIUZHOU = '330411'

/** Towns on the shore of 千岛湖 and its rivers carry most of the water-side points. */
const LAKESIDE = {
  千岛湖镇: 6, 文昌镇: 3, 石林镇: 3, 界首乡: 3, 姜家镇: 2.5, 金峰乡: 2, 富文乡: 2, 梓桐镇: 2, 威坪镇: 2, 里商乡: 2,
  汾口镇: 1.5, 大墅镇: 1.5, 宋村乡: 1.5, 左口乡: 1.5, 中洲镇: 1, 安阳乡: 1, 浪川乡: 1, 鸠坑乡: 1, 临岐镇: 1,
  屏门乡: 1, 瑶山乡: 1, 王阜乡: 1, 枫树岭镇: 1,
}

export const RISK_GROUPS: readonly RiskGroup[] = [
  {
    district: CHUNAN,
    kind: 'water',
    count: 740,
    towns: LAKESIDE,
    names: ['{v}码头', '{v}临湖游步道', '{v}溪滩游泳点', '{v}山塘', '{v}堰坝', '{t}{v}河埠头', '{v}水库', '{v}亲水平台'],
    rectify: 0.08,
    seasonal: 0.25,
  },
  {
    district: CHUNAN,
    kind: 'road',
    count: 90,
    towns: 'all',
    names: ['{road}{v}段临水临崖路段', '{road}{t}段急弯陡坡', '{v}通村公路临崖段'],
    rectify: 0.2,
    seasonal: 0.15,
  },
  { district: CHUNAN, kind: 'hazard', count: 218, towns: 'all', names: [], rectify: 0, seasonal: 0 },
  {
    district: CHUNAN,
    kind: 'building',
    count: 60,
    towns: { 千岛湖镇: 5, 文昌镇: 1, 石林镇: 1, 汾口镇: 1 },
    names: ['{v}民宿', '{v}农家乐', '{t}{v}出租房'],
    rectify: 0.3,
    seasonal: 0,
  },
  {
    district: LINAN,
    kind: 'geo',
    count: 240,
    towns: 'all',
    names: ['{v}后山滑坡隐患点', '{v}崩塌隐患点', '{v}泥石流沟', '{v}切坡建房隐患点', '{t}{v}地面塌陷点'],
    rectify: 0.15,
    seasonal: 0.3,
  },
  {
    district: LINAN,
    kind: 'water',
    count: 90,
    towns: 'all',
    names: ['{v}山塘', '{v}小水库', '{v}溪滩游泳点', '{t}{v}堰坝'],
    rectify: 0.1,
    seasonal: 0.3,
  },
  {
    district: LINAN,
    kind: 'road',
    count: 45,
    towns: 'all',
    names: ['{v}通村公路临崖段', '{t}盘山公路急弯路段'],
    rectify: 0.2,
    seasonal: 0.15,
  },
  {
    district: LINAN,
    kind: 'fire',
    count: 60,
    towns: 'all',
    names: ['{v}山核桃加工作坊', '{t}{v}林区防火点', '{v}竹制品加工厂'],
    rectify: 0.3,
    seasonal: 0.1,
  },
  {
    district: FUYANG,
    kind: 'water',
    count: 160,
    towns: 'all',
    names: ['{v}富春江沿岸堤段', '{v}溪滩游泳点', '{v}山塘', '{t}{v}码头', '{v}堰坝'],
    rectify: 0.1,
    seasonal: 0.3,
  },
  {
    district: FUYANG,
    kind: 'geo',
    count: 60,
    towns: 'all',
    names: ['{v}后山滑坡隐患点', '{v}废弃矿山边坡', '{v}崩塌隐患点'],
    rectify: 0.2,
    seasonal: 0.25,
  },
  {
    district: FUYANG,
    kind: 'fire',
    count: 80,
    towns: 'all',
    names: ['{v}造纸企业仓库', '{t}{v}小作坊', '{v}农贸市场', '{v}电动车集中充电点'],
    rectify: 0.35,
    seasonal: 0,
  },
  {
    district: FUYANG,
    kind: 'building',
    count: 120,
    towns: 'all',
    names: ['{v}出租房', '{t}{v}三合一场所', '{v}老旧自建房'],
    rectify: 0.35,
    seasonal: 0,
  },
  {
    district: FUYANG,
    kind: 'road',
    count: 30,
    towns: 'all',
    names: ['{v}通村公路临水段', '{t}急弯陡坡路段'],
    rectify: 0.2,
    seasonal: 0.1,
  },
  {
    district: FUYANG,
    kind: 'other',
    count: 12,
    towns: 'all',
    names: ['{t}液化气储配站', '{v}危化品仓库', '{t}加油站'],
    rectify: 0.25,
    seasonal: 0,
  },
  { district: XIUZHOU, kind: 'site', count: 1032, towns: 'all', names: [], rectify: 0, seasonal: 0 },
  {
    district: XIUZHOU,
    kind: 'water',
    count: 90,
    towns: 'all',
    names: ['{v}河道', '{v}漾荡沿岸', '{t}{v}河埠头', '{v}圩区排涝站'],
    rectify: 0.1,
    seasonal: 0.3,
  },
  {
    district: XIUZHOU,
    kind: 'other',
    count: 15,
    towns: 'all',
    names: ['{t}危化品仓库', '{t}加油站', '{v}燃气调压站'],
    rectify: 0.25,
    seasonal: 0,
  },
]

/** 淳安's roads along the lake and through the hills. */
export const CHUNAN_ROADS: readonly string[] = ['淳杨线', '淳开线', '千汾线', '环湖公路', '淳寿线', '威汾线']

/** 淳安's life-safety hazards: what was found, and the kind of point it is. */
export const HAZARDS: ReadonlyArray<readonly [string, RiskKind]> = [
  ['临崖路段护栏缺失', 'road'],
  ['危桥', 'road'],
  ['山体边坡松动', 'geo'],
  ['废弃矿洞未封堵', 'geo'],
  ['民房电线老化', 'building'],
  ['自建房墙体开裂', 'building'],
  ['土坯危房', 'building'],
  ['农家乐厨房燃气隐患', 'fire'],
  ['液化气瓶违规存放', 'fire'],
  ['山林防火通道堵塞', 'fire'],
  ['高压线下违规堆放', 'other'],
  ['河埠头台阶破损', 'water'],
]

/** 秀洲's inspected sites: 14 rounds over the year, about two hazards supervised per site. */
export const XIUZHOU_SITES = {
  building: ['{v}出租房', '{v}群租房', '{t}{v}三合一场所', '{v}外来务工人员集中居住点'],
  fire: ['{t}{v}小作坊', '{v}物流仓库', '{t}商贸市场', '{v}电动车集中充电点', '{v}织造厂'],
  rounds: 14,
  hazardsPerSite: [
    [0, 12],
    [1, 22],
    [2, 34],
    [3, 20],
    [4, 12],
  ] as ReadonlyArray<readonly [number, number]>,
  issues: ['电动车违规停放充电', '消防通道堵塞', '灭火器过期', '住人与生产经营场所未分隔', '私拉乱接电线', '安全出口锁闭', '疏散指示标志损坏', '违规使用易燃彩钢板'],
} as const

export const WARNING_NOTES: Record<RiskKind, string> = {
  water: '水位上涨超警戒，已设警示并加密巡查',
  fire: '烟感报警频繁，已通知责任人排查',
  road: '连续降雨路面湿滑，已设警示牌',
  geo: '降雨量超阈值，位移监测数据异常',
  building: '房屋裂缝扩大，已通知住户注意',
  other: '监测数据异常，已发布预警',
}

export const ALARM_NOTES: Record<RiskKind, string> = {
  water: '水位超保证水位，启动人员转移',
  fire: '发生火情，消防救援力量已出动',
  road: '路段塌方，已实施交通管制',
  geo: '发生滑坡险情，危险区人员已转移',
  building: '房屋出现倾斜，住户紧急撤离',
  other: '险情报警，应急力量已出动',
}
