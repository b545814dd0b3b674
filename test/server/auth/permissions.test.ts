import { describe, expect, it } from 'vitest'
import { permissions } from '../../../server/auth/permissions'
import { effectiveScope, type Principal } from '../../../server/auth/principal'
import { ACTIONS, ROLES, TOKEN_KINDS, type Action, type Role, type TokenKind } from '../../../server/auth/types'
import { RegionTree } from '../../../shared/regions/tree'
import { TEST_REGIONS } from '../../helpers/regions'

const tree = new RegionTree(TEST_REGIONS)
const model = permissions(tree)

const FUYANG = '330111'
const INSIDE = '330111001001' // 春江村, under 富阳区
const OUTSIDE = '330411001' // 王店镇, under 秀洲区

function principal(role: Role, kind: TokenKind, personalData = false, scope: string | null = FUYANG): Principal {
  return { account: { id: 1, username: 'u', role, scope, personalData, disabled: false }, kind, scope, tokenId: 't', expiresAt: null }
}

/**
 * The permission table as API.md and PLAN.md give it, written out by hand: for each action, the
 * sessions whose role may do it. A display token may only read, whoever issued it; personal data
 * follows the account's flag (rows "+pd" below), not its role.
 */
const ALLOWED: Record<Action, readonly Role[]> = {
  read: ['admin', 'leader', 'dispatcher', 'viewer'],
  present: ['admin', 'leader', 'dispatcher'],
  export: ['admin', 'leader', 'dispatcher', 'viewer'],
  'case.act': ['admin', 'dispatcher'],
  'alarm.act': ['admin', 'dispatcher'],
  'instruction.issue': ['admin', 'dispatcher'],
  'duty.read': ['admin', 'leader', 'dispatcher'],
  'duty.write': ['admin', 'dispatcher'],
  'directory.manage': ['admin', 'dispatcher'],
  'playlist.manage': ['admin', 'dispatcher'],
  personalData: [],
  self: ['admin', 'leader', 'dispatcher', 'viewer'],
  'accounts.manage': ['admin'],
  'tokens.manage': ['admin'],
  'ingestKeys.manage': ['admin'],
  'geo.import': ['admin'],
  'audit.read': ['admin'],
}

function expected(role: Role, kind: TokenKind, personalData: boolean, action: Action, inside: boolean): boolean {
  if (!inside) return false
  if (kind === 'kiosk') return action === 'read'
  if (action === 'personalData') return personalData
  return ALLOWED[action].includes(role)
}

const rows = ROLES.flatMap((role) =>
  TOKEN_KINDS.flatMap((kind) =>
    [false, true].flatMap((personalData) =>
      ACTIONS.flatMap((action) => [true, false].map((inside) => ({ role, kind, personalData, action, inside }))),
    ),
  ),
)

describe('may(principal, action, region): role × token kind × personal data × action × inside/outside scope', () => {
  it('covers every combination', () => {
    expect(rows).toHaveLength(ROLES.length * TOKEN_KINDS.length * 2 * ACTIONS.length * 2)
  })

  it.each(rows)('$role $kind pd=$personalData $action inside=$inside', ({ role, kind, personalData, action, inside }) => {
    const p = principal(role, kind, personalData)
    const region = inside ? INSIDE : OUTSIDE
    expect(model.may(p, action, region)).toBe(expected(role, kind, personalData, action, inside))
    // Without a region: the role and token kind alone.
    expect(model.may(p, action)).toBe(expected(role, kind, personalData, action, true))
  })

  it('refuses an unknown region and a disabled account, whatever the role', () => {
    expect(model.may(principal('admin', 'session', true, null), 'read', '999999')).toBe(false)
    const p = principal('admin', 'session', true, null)
    expect(model.may({ ...p, account: { ...p.account, disabled: true } }, 'read', INSIDE)).toBe(false)
  })

  it('lets an unscoped principal act anywhere in the tree', () => {
    const p = principal('dispatcher', 'session', false, null)
    for (const code of [INSIDE, OUTSIDE, '330000']) expect(model.may(p, 'alarm.act', code)).toBe(true)
  })

  it('says why it refuses, in words a caller can act on', () => {
    expect(model.refusal(principal('admin', 'kiosk'), 'accounts.manage')).toMatch(/display \(kiosk\) token may only watch/)
    expect(model.refusal(principal('leader', 'session'), 'alarm.act')).toMatch(/leader role may not/)
    expect(model.refusal(principal('viewer', 'session'), 'personalData')).toMatch(/personal data/)
    expect(model.refusal(principal('admin', 'session'), 'read', OUTSIDE)).toMatch(/outside this account's scope/)
  })
})

describe('nobody grants beyond what they hold', () => {
  const xiuzhouAdmin = principal('admin', 'session', false, '330411')
  const rootAdmin = principal('admin', 'session', true, null)

  it('keeps a scoped admin inside its scope and without personal data it does not hold', () => {
    expect(model.grantRefusal(xiuzhouAdmin, { role: 'admin', scope: null })).toMatch(/beyond/)
    expect(model.grantRefusal(xiuzhouAdmin, { role: 'viewer', scope: FUYANG })).toMatch(/beyond/)
    expect(model.grantRefusal(xiuzhouAdmin, { role: 'admin', scope: '330411', personalData: true })).toMatch(/personal data/)
    expect(model.grantRefusal(xiuzhouAdmin, { role: 'admin', scope: '330411001' })).toBeNull()
    expect(model.grantRefusal(xiuzhouAdmin, { role: 'dispatcher', scope: '330411' })).toBeNull()
  })

  it('lets the unscoped admin with personal data grant anything', () => {
    for (const role of ROLES) expect(model.grantRefusal(rootAdmin, { role, scope: null, personalData: true })).toBeNull()
  })

  it('never lets a role hand out a role that may do more than itself', () => {
    const dispatcher = principal('dispatcher', 'session')
    expect(model.grantRefusal(dispatcher, { role: 'admin', scope: FUYANG })).toMatch(/may do what this account may not/)
    expect(model.grantRefusal(dispatcher, { role: 'viewer', scope: FUYANG })).toBeNull()
    expect(model.grantRefusal(principal('leader', 'session'), { role: 'dispatcher', scope: FUYANG })).toMatch(/case\.act/)
  })

  it('refuses an unknown region', () => {
    expect(model.grantRefusal(rootAdmin, { scope: '999999' })).toMatch(/unknown region/)
  })
})

describe("a token's scope never widens", () => {
  it('is the narrower of the token’s and the account’s, and nothing when they no longer meet', () => {
    expect(effectiveScope(tree, '330111001', null)).toBe('330111001')
    expect(effectiveScope(tree, null, FUYANG)).toBe(FUYANG)
    expect(effectiveScope(tree, '330111001', FUYANG)).toBe('330111001')
    // The account was narrowed below the token's region after the token was issued.
    expect(effectiveScope(tree, FUYANG, '330111001')).toBe('330111001')
    expect(effectiveScope(tree, FUYANG, '330411')).toBeUndefined()
    expect(effectiveScope(tree, null, null)).toBeNull()
  })
})
