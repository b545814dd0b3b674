import { Type, type Static } from 'typebox'
import { OneOf } from '../events/schema'
import { TOKEN_KINDS } from './accounts'

const Instant = Type.String({ description: 'ISO-8601, +08:00' })
const Maybe = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

/** A token as listed: never its secret. */
export const TokenViewSchema = Type.Object({
  id: Type.String(),
  kind: OneOf(TOKEN_KINDS),
  username: Type.String({ description: 'the account the token acts for' }),
  label: Maybe(Type.String()),
  /** The token's own narrower scope, if any (a display token for one town); null = the account's. */
  scope: Maybe(Type.String()),
  createdAt: Instant,
  expiresAt: Maybe(Instant),
  lastSeenAt: Maybe(Instant),
  /** The token this request was made with. */
  current: Type.Boolean(),
})
export type TokenView = Static<typeof TokenViewSchema>

export const KioskTokenRequestSchema = Type.Object({
  region: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'the region the wall shows (and is limited to); default the caller’s scope' })),
  label: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'where the display is, e.g. 春江街道大厅' })),
  expiresAt: Type.Optional(Type.String({ format: 'date-time', description: 'when it stops working; default never (until revoked)' })),
})

export const KioskTokenSchema = Type.Object({
  id: Type.String(),
  token: Type.String({ description: 'shown once' }),
  url: Type.String({ description: 'the wall URL that logs the display in' }),
  expiresAt: Maybe(Instant),
})

export const IngestKeyViewSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** The region subtree its events must lie in; null = anywhere. */
  scope: Maybe(Type.String()),
  createdAt: Instant,
  createdBy: Maybe(Type.String()),
  lastUsedAt: Maybe(Instant),
})
export type IngestKeyView = Static<typeof IngestKeyViewSchema>

export const NewIngestKeySchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '^(?!env$).*$', description: 'who uses it, e.g. 12345热线; `env` is reserved' }),
  scope: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 32 }), Type.Null()], { description: 'default the caller’s scope' })),
})

export const NewIngestKeyResultSchema = Type.Object({ ...IngestKeyViewSchema.properties, key: Type.String({ description: 'shown once' }) })
