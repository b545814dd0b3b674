import type { RegionDetail } from '../../../shared/summary/detail'
import type { Summary } from '../../../shared/summary/schema'
import type { AssessmentConfig } from '../../../shared/time/periods'
import { shanghaiDay } from '../../../shared/time/shanghai'
import type { Aggregator } from './aggregator'
import { regionDetail } from './detail'
import { summaryOf } from './summary'
import { resolvePeriod, type ViewSpec } from './view'

/** A view's summary and detail, its period resolved on today's date by the aggregator's clock. */
export function viewFigures(agg: Aggregator, view: ViewSpec, assessment: AssessmentConfig | null): { summary: Summary; detail: RegionDetail } {
  const period = resolvePeriod(view.period, shanghaiDay(agg.now()), assessment)
  return { summary: summaryOf(agg, view.region, period, view.compare), detail: regionDetail(agg, view, period) }
}
