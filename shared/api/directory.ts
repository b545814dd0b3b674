import { Type, type Static } from 'typebox'
import { OneOf } from '../events/schema'

/** 通讯录: the people a duty room calls, per region and optionally per risk point. */
export const DIRECTORY_ROLES = ['gridLeader', 'villageSecretary', 'emergency', 'caseLeader'] as const
export type DirectoryRole = (typeof DIRECTORY_ROLES)[number]
export const DIRECTORY_ROLE_LABELS: Record<DirectoryRole, string> = {
  gridLeader: '网格长',
  villageSecretary: '村书记',
  emergency: '应急责任人',
  caseLeader: '包案领导',
}

export const DirectoryPersonSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  /** Always masked (138****5678); POST /api/v1/directory/:id/phone reveals it, audited. */
  phone: Type.String(),
  role: OneOf(DIRECTORY_ROLES),
  roleLabel: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  riskPointId: Type.Union([Type.String(), Type.Null()]),
})
export type DirectoryPerson = Static<typeof DirectoryPersonSchema>

export const DirectoryQuerySchema = Type.Object({
  region: Type.String({ minLength: 1, maxLength: 32 }),
  riskPointId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  role: Type.Optional(OneOf(DIRECTORY_ROLES)),
})

export const ImportRowErrorSchema = Type.Object({
  /** 1-based line of the CSV file (the header is line 1). */
  line: Type.Integer(),
  field: Type.Union([Type.String(), Type.Null()]),
  message: Type.String(),
})
export type ImportRowError = Static<typeof ImportRowErrorSchema>

export const ImportResultSchema = Type.Object({
  dryRun: Type.Boolean(),
  rows: Type.Integer(),
  /** People new to the directory (on a dry run: who would be). */
  created: Type.Integer(),
  /** People already there (same region, risk point, role and name) whose phone is replaced. */
  updated: Type.Integer(),
})
export type ImportResult = Static<typeof ImportResultSchema>

/** Who to call for an alarm: its risk point's people, then its region's and each region above up to the town, nearest first. */
export const AlarmContactsSchema = Type.Object({
  alarmId: Type.Integer(),
  items: Type.Array(
    Type.Intersect([
      DirectoryPersonSchema,
      Type.Object({ via: OneOf(['riskPoint', 'region'] as const), distance: Type.Integer({ description: '0: the risk point; 1: the alarm’s own region; 2: its parent …' }) }),
    ]),
  ),
})
export type AlarmContacts = Static<typeof AlarmContactsSchema>
export type AlarmContact = AlarmContacts['items'][number]
