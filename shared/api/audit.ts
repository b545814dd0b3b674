import { Type, type Static } from 'typebox'

const Maybe = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

/** `GET /api/v1/audit`: newest first, paged by `cursor`. */
export const AuditQuerySchema = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time', description: 'entries at or after this instant' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'entries before this instant' })),
  actor: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'the account (or `system`) that acted' })),
  action: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'an action (`login.failed`) or a family of them (`login`, `alarm`, `account`)' }),
  ),
  cursor: Type.Optional(Type.String({ maxLength: 64, description: '`nextCursor` of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
})
export type AuditQueryString = Static<typeof AuditQuerySchema>

export const AuditItemSchema = Type.Object({
  id: Type.Integer(),
  at: Type.String({ description: 'ISO-8601, +08:00' }),
  actor: Type.String(),
  action: Type.String(),
  target: Type.String(),
  note: Maybe(Type.String()),
  /** The region the entry concerns, when one applies (a scoped administrator sees only its subtree's). */
  region: Maybe(Type.String()),
})
export type AuditItem = Static<typeof AuditItemSchema>

export const AuditPageSchema = Type.Object({ items: Type.Array(AuditItemSchema), nextCursor: Maybe(Type.String()) })
export type AuditPage = Static<typeof AuditPageSchema>
