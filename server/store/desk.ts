/**
 * The duty room's own records beside the log: 值班日志 entries, the roster (排班) and handover records
 * (交接班). Small tables, plain SQL in every implementation; times are ms, regions carry their
 * materialised path so a scoped reader sees its subtree only.
 */
export interface DutyLogRecord {
  id: number
  at: number
  actor: string
  regionCode: string
  text: string
  notable: boolean
}

export interface RosterRecord {
  /** Shanghai day the shift starts on, YYYY-MM-DD. */
  day: string
  shift: number
  regionCode: string
  officers: string[]
  leader: string | null
  updatedBy: string
  updatedAt: number
}

export interface HandoverRecord {
  id: number
  regionCode: string
  day: string
  shift: number
  from: number
  to: number
  createdBy: string
  createdAt: number
  note: string
  /** What the server computed for the shift (domain/duty/handover.ts), kept as it was handed over. */
  content: unknown
}

/** A person of the directory (通讯录). `riskId` null: for the region as a whole. */
export interface DirectoryRecord {
  id: number
  name: string
  phone: string
  role: string
  regionCode: string
  riskId: string | null
  updatedBy: string
  updatedAt: number
}
export type NewDirectoryRecord = Omit<DirectoryRecord, 'id' | 'updatedBy' | 'updatedAt'>

export interface DeskStore {
  appendLog(e: Omit<DutyLogRecord, 'id'>, regionPath: string): Promise<DutyLogRecord>
  /** Oldest first, entries at [from, to) of the subtree; `notable` only those marked. */
  listLog(q: { regionPath: string; from?: number; to?: number; notable?: boolean; limit: number }): Promise<DutyLogRecord[]>

  /** One entry per day, shift and region: a second put replaces the first. */
  putRoster(r: RosterRecord, regionPath: string): Promise<void>
  /** Entries of days [fromDay, toDay] (inclusive, YYYY-MM-DD) of the given regions (all when omitted). */
  listRoster(q: { fromDay: string; toDay: string; regionCodes?: readonly string[] }): Promise<RosterRecord[]>

  saveHandover(h: Omit<HandoverRecord, 'id'>, regionPath: string): Promise<HandoverRecord>
  getHandover(id: number): Promise<HandoverRecord | null>
  /** Newest first, handed over at [from, to), of the subtree. */
  listHandovers(q: { regionPath: string; from?: number; to?: number; limit: number }): Promise<HandoverRecord[]>

  /**
   * Adds people in one transaction, all or none; a person already there (same region, risk point,
   * role and name) gets the new phone. `dryRun`: the same counts, then rolled back.
   */
  importDirectory(
    people: readonly NewDirectoryRecord[],
    meta: { by: string; at: number; dryRun: boolean },
    pathOf: (code: string) => string,
  ): Promise<{ created: number; updated: number }>
  /** People of the subtree (of one risk point, of one role), by region path, risk point, role and name. */
  listDirectory(q: { regionPath: string; riskId?: string; role?: string; limit: number }): Promise<DirectoryRecord[]>
  getPerson(id: number): Promise<DirectoryRecord | null>
  /** People of the risk point, and people of the regions themselves (not of their risk points). */
  contactsOf(q: { regionCodes: readonly string[]; riskId: string | null }): Promise<DirectoryRecord[]>
}
