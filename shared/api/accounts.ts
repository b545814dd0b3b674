import { Type, type Static } from 'typebox'
import { OneOf } from '../events/schema'

/**
 * admin: everything in scope · leader: reads everything in scope, acts on nothing (presents, exports)
 * · dispatcher: reads and acts in scope (case actions, instructions, alarms) · viewer: reads.
 * What each may do is decided in one place, server/auth/permissions.ts.
 */
export const ROLES = ['admin', 'leader', 'dispatcher', 'viewer'] as const
export type Role = (typeof ROLES)[number]

/** `session`: a person logged in; `kiosk`: a display token for a wall, which only ever reads. */
export const TOKEN_KINDS = ['session', 'kiosk'] as const
export type TokenKind = (typeof TOKEN_KINDS)[number]

/** Everything a token may be asked to do; each check names one, with the region it concerns. */
export const ACTIONS = [
  'read',
  'present',
  'export',
  'case.act',
  'alarm.act',
  'instruction.issue',
  'duty.read',
  'duty.write',
  'directory.manage',
  'playlist.manage',
  'personalData',
  'self',
  'accounts.manage',
  'tokens.manage',
  'ingestKeys.manage',
  'geo.import',
  'audit.read',
] as const
export type Action = (typeof ACTIONS)[number]

/** New passwords (account creation, change, reset) are at least this long. */
export const PASSWORD_MIN_LENGTH = 10

export const Username = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' })
export const Password = Type.String({
  minLength: PASSWORD_MIN_LENGTH,
  maxLength: 256,
  description: `at least ${PASSWORD_MIN_LENGTH} characters`,
})
const Scope = Type.Union([Type.String({ minLength: 1, maxLength: 32 }), Type.Null()], {
  description: 'the region subtree the account may see and act in; null = the whole tree',
})

export const AccountSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  role: OneOf(ROLES),
  /** The region subtree the account may see; null = the whole tree. */
  scope: Type.Union([Type.String(), Type.Null()]),
  /** May read reporters' names and phones unmasked. */
  personalData: Type.Boolean(),
  /** A disabled account cannot log in and its tokens stop working. */
  disabled: Type.Boolean(),
})
export type Account = Static<typeof AccountSchema>

export const NewAccountSchema = Type.Object({
  username: Username,
  password: Password,
  role: Type.Optional(OneOf(ROLES, 'default viewer')),
  scope: Type.Optional(Scope),
  personalData: Type.Optional(Type.Boolean()),
})
export type NewAccount = Static<typeof NewAccountSchema>

export const AccountPatchSchema = Type.Object(
  {
    role: Type.Optional(OneOf(ROLES)),
    scope: Type.Optional(Scope),
    personalData: Type.Optional(Type.Boolean()),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type AccountPatch = Static<typeof AccountPatchSchema>

export const PasswordChangeSchema = Type.Object({
  /** Required to change one's own password; an administrator resetting another's leaves it out. */
  oldPassword: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  newPassword: Password,
})
export type PasswordChange = Static<typeof PasswordChangeSchema>

export const LoginBodySchema = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
})
