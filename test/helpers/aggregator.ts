import { setImmediate as turn } from 'node:timers/promises'
import type { Aggregator } from '../../server/domain/aggregate/aggregator'

/** The ids of the unresolved cases that are red, in the order the alarm check walks them. */
export async function redIds(agg: Aggregator): Promise<string[]> {
  const ids: string[] = []
  await agg.forEachRed((c) => ids.push(c.id), () => turn())
  return ids
}
