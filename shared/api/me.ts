import { Type, type Static } from 'typebox'
import { OneOf } from '../events/schema'

/**
 * Who a token is (`GET /api/v1/me`), so a screen can offer only what the server will allow.
 * The account mirrors server/auth/types.ts (`AccountSchema`); server/routes/accounts.ts checks
 * at compile time that the two agree.
 */
export const MeSchema = Type.Object({
  account: Type.Object({
    id: Type.Integer(),
    username: Type.String(),
    role: OneOf(['admin', 'viewer'] as const),
    /** The region subtree the account may see; null = the whole tree. */
    scope: Type.Union([Type.String(), Type.Null()]),
    /** May unmask reporters' names and phones (POST /api/v1/cases/:id/reporter, logged). */
    personalData: Type.Boolean(),
  }),
  /** `session`: a person logged in (may act); `kiosk`: a display token (may only watch). */
  kind: OneOf(['session', 'kiosk'] as const),
  scope: Type.Union([Type.String(), Type.Null()], { description: "the token's effective scope: a kiosk token's own, else the account's; null = the whole tree" }),
})
export type Me = Static<typeof MeSchema>
