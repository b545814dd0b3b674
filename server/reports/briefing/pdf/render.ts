import { formatPeriod } from '../../format'
import { abstractOf } from '../abstract'
import type { BriefingData } from '../data'
import { shanghaiDayStart } from '../../../../shared/time/shanghai'
import { COLOR, createDoc, Flow } from './doc'
import { drawFooters, drawParagraph, drawRunningHeader, drawTitle, type FrameText } from './frame'
import { drawCategories } from './sections/categories'
import { drawAbstract, drawHeadline } from './sections/headline'
import { drawRanking } from './sections/ranking'
import { drawRisks } from './sections/risks'
import { drawTrend } from './sections/trend'
import { drawUrgent } from './sections/urgent'

/** 2026年6月1日至15日（本月） */
export function periodTitle(d: BriefingData): string {
  const text = formatPeriod(shanghaiDayStart(d.period.range.start), shanghaiDayStart(d.period.range.end))
  return d.periodName ? `${text}（${d.periodName}）` : text
}

function notes(d: BriefingData): string {
  const disputes = d.summary.cases.localResolution.categories.join('、')
  return [
    '说明：1. 本期指上报时间在统计期内的案件（按北京时间整日计），受理、办结、回访及各比率均以此为口径；在办、超期、红色督办为这些案件在生成时的状态。',
    '2. 同比期为上年同一日期（2月29日对2月28日）；环比期为上一周期的同一时段（如本月1日至15日对上月1日至15日），整月、整季、整年则对上一整期。',
    `3. 矛盾不出村、不出镇街按已办结的矛盾纠纷类案件计算（${disputes}）。4. 风险点与告警为生成时的状态，不限于本期。`,
    `5. 上报人姓名已脱敏。数据序号 ${d.summary.seq}。`,
  ].join('')
}

/**
 * The 研判简报 as a PDF: A4, the CJK font embedded as a subset, the chart drawn as vectors from
 * ECharts' server-side SVG, page numbers once the length is known. No browser anywhere.
 */
export async function renderBriefingPdf(d: BriefingData): Promise<Buffer> {
  const period = periodTitle(d)
  const doc = createDoc({ title: `研判简报 ${d.region.name} ${period}`, subject: `${d.region.path.join(' › ')}：核心指标、趋势、排名、热点类别、红色督办与超期、风险隐患` })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve)
    doc.on('error', reject)
  })
  const frame: FrameText = { regionName: d.region.name, lineage: d.region.path.join(' › '), period, generatedAt: d.generatedAt }
  const flow = new Flow(doc)
  flow.onPage = () => drawRunningHeader(doc, frame)

  drawTitle(flow, frame)
  drawAbstract(flow, abstractOf(d))
  drawHeadline(flow, d)
  drawTrend(flow, d)
  drawRanking(flow, d)
  drawCategories(flow, d)
  drawUrgent(flow, d)
  drawRisks(flow, d)
  drawParagraph(flow, notes(d), { size: 7.5, color: COLOR.faint })
  drawFooters(doc)
  doc.end()
  await ended
  return Buffer.concat(chunks)
}
