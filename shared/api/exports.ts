import { Type, type Static } from 'typebox'
import { OneOf } from '../events/schema'
import { CaseFilterProperties } from './cases'

/** GET /api/v1/cases/export: the case list's filter, as a file. */
export const CaseExportQuerySchema = Type.Object({
  ...CaseFilterProperties,
  format: Type.Optional(OneOf(['xlsx'] as const, 'the file format; only xlsx for now')),
})
export type CaseExportQuery = Static<typeof CaseExportQuerySchema>

/** POST /api/v1/exports: start writing a file in the background; follow it with GET /api/v1/exports/:id. */
export const ExportRequestSchema = Type.Object({
  kind: OneOf(['cases'] as const, 'cases: the case list of GET /api/v1/cases for the same filter, as XLSX'),
  ...CaseFilterProperties,
})
export type ExportRequest = Static<typeof ExportRequestSchema>

export const EXPORT_STATUSES = ['running', 'done', 'failed'] as const
export type ExportStatus = (typeof EXPORT_STATUSES)[number]

/** A file being written: rows so far out of the cases that matched when it started. */
export const ExportJobSchema = Type.Object({
  id: Type.String(),
  kind: OneOf(['cases'] as const),
  status: OneOf(EXPORT_STATUSES),
  /** Rows written so far. */
  rows: Type.Integer({ minimum: 0 }),
  /** Cases that matched when the export started (the progress bar's end). */
  total: Type.Integer({ minimum: 0 }),
  fileName: Type.String(),
  createdAt: Type.String({ description: 'ISO-8601, +08:00' }),
  /** Until when the finished file can be fetched. */
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
})
export type ExportJob = Static<typeof ExportJobSchema>
