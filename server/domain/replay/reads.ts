import type { RegionDetail } from '../../../shared/summary/detail'
import type { Summary } from '../../../shared/summary/schema'
import { regionDetail } from '../aggregate/detail'
import { summaryOf } from '../aggregate/summary'
import type { Replayer } from './replayer'
import type { ReplayRead } from './worker/protocol'

/** A replay read answered by `replayer` (the reads thread's, or the main thread's when there is none). */
export function answerRead(replayer: Replayer, read: ReplayRead): Promise<Summary | RegionDetail> {
  if (read.kind === 'summary') return replayer.read(read.t, (agg) => summaryOf(agg, read.region, read.period, read.compare))
  return replayer.read(read.t, (agg) => regionDetail(agg, read.view, read.period))
}
