import { planBatch } from '../../../server/domain/ingest/planBatch'
import type { IngestOrigin as Origin } from '../../../server/auth/types'
import type { Store, IngestOutcome } from '../../../server/store/types'
import type { YipingEvent } from '../../../shared/events/schema'
import { RegionTree, regionPath, type Region } from '../../../shared/regions/tree'
import { TEST_REGIONS } from '../../helpers/regions'
import { T0 } from '../../helpers/events'

/**
 * The test tree plus a town whose code starts with a sibling's code (330111001 / 3301110011), so
 * that prefix scoping must respect path boundaries.
 */
export const SUITE_REGIONS: Region[] = [
  ...TEST_REGIONS,
  { code: '3301110011', name: '相邻镇', level: 'town', parent: '330111' },
  { code: '3301110011001', name: '相邻村', level: 'village', parent: '3301110011' },
]
export const tree = new RegionTree(SUITE_REGIONS)
export const pathOf = (code: string) => regionPath(tree, code)

/** What each store's test file gives the suite: fresh stores, more handles on one, reopening. */
export interface StoreFactory {
  name: string
  /** An empty store with the suite's tree, on a clock the test moves (`clock.now`). */
  create(): Promise<StoreFixture>
}
export interface StoreFixture {
  store: Store
  clock: { now: number }
  /** Another handle on the same data, as a second node or process would have (closed by dispose). */
  another(nodeId: string): Promise<Store>
  /** Close this handle and open the same data again (what a restart sees). */
  reopen(): Promise<Store>
  dispose(): Promise<void>
}

export const ORIGIN: Origin = { keyId: 'key-1', actor: null }

/** Ingest through the server's own planner, at the fixture's clock. */
export function submit(store: Store, events: YipingEvent[], clock: { now: number }, origin: Origin = ORIGIN): Promise<IngestOutcome> {
  return store.ingest({ events, origin, pathOf, plan: (known) => planBatch(events, known, { regions: tree, now: clock.now }) })
}

export async function accept(store: Store, events: YipingEvent[], clock: { now: number }, origin: Origin = ORIGIN) {
  const out = await submit(store, events, clock, origin)
  if (!out.ok) throw new Error(`refused: ${JSON.stringify(out.details)}`)
  return out
}

export const NOW = T0 + 30 * 3600_000
