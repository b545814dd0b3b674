import { Type, type Static } from 'typebox'
import { OneOf } from '../events/schema'
import { AccountSchema, ACTIONS, TOKEN_KINDS } from './accounts'

/** Who a token is (`GET /api/v1/me`), so a screen can offer only what the server will allow. */
export const MeSchema = Type.Object({
  account: AccountSchema,
  /** `session`: a person logged in; `kiosk`: a display token (may only watch). */
  kind: OneOf(TOKEN_KINDS),
  scope: Type.Union([Type.String(), Type.Null()], { description: "the token's effective scope: a kiosk token's own, else the account's; null = the whole tree" }),
  /** What this token may do inside its scope (e.g. `alarm.act`, `personalData`); the server checks again on every call. */
  permissions: Type.Array(OneOf(ACTIONS)),
})
export type Me = Static<typeof MeSchema>
