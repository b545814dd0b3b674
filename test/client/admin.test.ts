import { describe, expect, it } from 'vitest'
import { PASSWORD_MIN_LENGTH as SHARED_MIN, ROLES } from '../../shared/api/accounts'
import { chineseError } from '../../client/src/admin/errors'
import { AUDIT_FILTERS, auditActionLabel, auditNoteLabel, auditTargetLabel, ROLE_LABELS, ROLE_ORDER } from '../../client/src/admin/labels'
import { choiceText, regionChoices, shortTime } from '../../client/src/admin/regionChoices'
import { expiryOf, keyNameProblem, newAccountProblems, PASSWORD_MIN_LENGTH, passwordChangeProblems } from '../../client/src/admin/validation'
import type { RegionRow } from '../../client/src/stores/regions'
import { TEST_REGIONS } from '../helpers/regions'

describe('the admin page’s words', () => {
  it('keeps the roles and the password rule of shared/api/accounts.ts', () => {
    expect(ROLE_ORDER).toEqual(ROLES)
    expect(Object.keys(ROLE_LABELS).sort()).toEqual([...ROLES].sort())
    expect(PASSWORD_MIN_LENGTH).toBe(SHARED_MIN)
  })

  it('names every audit action the server writes, and falls back to the family for new ones', () => {
    const written = ['login', 'login.failed', 'login.locked', 'login.refused', 'logout', 'account.created', 'account.updated', 'account.password.changed',
      'account.password.reset', 'account.password.failed', 'token.issued', 'token.revoked', 'ingestKey.created', 'ingestKey.revoked', 'case.reporter.unmasked',
      'alarm.raised', 'alarm.cleared', 'alarm.acknowledged', 'alarm.closed', 'geo.import', 'cases.export', 'briefing.export',
      'playlist.created', 'playlist.updated', 'playlist.deleted', 'presenter.take', 'presenter.release']
    for (const a of written) expect(auditActionLabel(a), a).toMatch(/^[\u4e00-\u9fff（）]+$/)
    expect(auditActionLabel('token.issued')).toBe('签发大屏令牌')
    expect(auditActionLabel('instruction.issued')).toBe('指令（instruction.issued）')
    expect(auditActionLabel('case.assigned')).toBe('案件操作（case.assigned）')
    expect(auditActionLabel('something.new')).toBe('something.new')
    expect(AUDIT_FILTERS[0]).toEqual({ value: '', label: '全部操作' })
  })

  it('reads audit targets', () => {
    expect(auditTargetLabel('account:fuyang.dispatcher')).toBe('账号 fuyang.dispatcher')
    expect(auditTargetLabel('token:0123456789abcdef')).toBe('令牌 01234567…')
    expect(auditTargetLabel('case:C-1')).toBe('案件 C-1')
    expect(auditTargetLabel('wall:hall')).toBe('大屏 hall')
    expect(auditTargetLabel('region:330111')).toBe('region:330111')
  })

  it('reads the notes the server writes', () => {
    const region = (c: string) => ({ '330111': '富阳区', '330111001': '春江街道' })[c] ?? c
    expect(auditNoteLabel('login', 'from 127.0.0.1')).toBe('来自 127.0.0.1')
    expect(auditNoteLabel('login.failed', 'from 10.0.0.2; locked until 2026-12-04T13:05:00+08:00')).toBe('来自 10.0.0.2；锁定至 2026-12-04 13:05')
    expect(auditNoteLabel('login.refused', 'from 10.0.0.2; account disabled')).toBe('来自 10.0.0.2；账号已停用')
    expect(auditNoteLabel('account.created', 'role dispatcher, scope 330111001, personal data', region)).toBe('调度员，范围 春江街道，可查看个人信息')
    expect(auditNoteLabel('account.created', 'role admin, scope all', region)).toBe('管理员，范围 全部区域')
    expect(auditNoteLabel('account.updated', 'scope: "330111" → "330111001", personalData: false → true, disabled: false → true', region)).toBe(
      '范围 富阳区 → 春江街道，个人信息 不可查看 → 可查看，停用',
    )
    expect(auditNoteLabel('account.updated', 'role: "viewer" → "dispatcher"')).toBe('角色 只读 → 调度员')
    expect(auditNoteLabel('account.password.reset', '2 other session(s) ended')).toBe('结束其他登录 2 个')
    expect(auditNoteLabel('token.revoked', 'kiosk of admin: 春江街道大厅')).toBe('大屏令牌（admin）：春江街道大厅')
    expect(auditNoteLabel('token.issued', '(no label), until 2026-12-05T12:00:00+08:00')).toBe('（未命名），有效至 2026-12-05 12:00')
    expect(auditNoteLabel('ingestKey.created', '12345热线')).toBe('12345热线')
    expect(auditNoteLabel('alarm.raised', null)).toBe('')
  })

  it('says the server’s refusals in Chinese', () => {
    expect(chineseError(403, 'scope 330100 is beyond this account\'s own scope 330111; nothing was created')).toBe('不能授予超出自身范围的权限')
    expect(chineseError(403, 'the admin role may do what this account may not (accounts.manage); nothing was changed')).toBe('不能授予超出自身范围的权限')
    expect(chineseError(403, 'only an account that may see personal data can grant it; nothing was created')).toBe('不能授予超出自身范围的权限')
    expect(chineseError(400, 'invalid request; nothing was written', [{ path: '/password', message: 'must NOT have fewer than 10 characters' }])).toBe('密码至少 10 位')
    expect(chineseError(400, 'invalid request; nothing was written', [{ path: '/newPassword', message: 'must NOT have fewer than 10 characters' }])).toBe('密码至少 10 位')
    expect(chineseError(409, 'account zhang exists')).toBe('该用户名已存在')
    expect(chineseError(403, 'the old password is wrong; nothing was changed')).toBe('原密码错误，未作修改')
    expect(chineseError(400, 'invalid request; nothing was written', [{ path: '/username', message: 'must match pattern' }])).toBe('填写有误，请检查后再试')
    expect(chineseError(404, 'unknown account x')).toBe('对象不存在，或不在本账号的管理范围内')
    expect(chineseError(503, 'unavailable')).toBe('操作失败（503），请稍后再试')
  })
})

describe('the admin forms’ checks', () => {
  it('new accounts: username characters, password length, the repeat', () => {
    expect(newAccountProblems({ username: 'zhang.san', password: 'long-enough-1', confirm: 'long-enough-1' })).toEqual({})
    expect(newAccountProblems({ username: '张三', password: 'short', confirm: 'short' })).toEqual({
      username: '用户名只能用字母、数字、下划线、点或连字符，最长 64 位',
      password: '密码至少 10 位',
    })
    expect(newAccountProblems({ username: 'a', password: 'long-enough-1', confirm: 'long-enough-2' })).toEqual({ confirm: '两次输入的密码不一致' })
  })

  it('own password change: old one given, new one long and different', () => {
    expect(passwordChangeProblems({ oldPassword: '', newPassword: 'abc', confirm: 'abc' })).toEqual({ oldPassword: '请输入原密码', newPassword: '密码至少 10 位' })
    expect(passwordChangeProblems({ oldPassword: 'same-password', newPassword: 'same-password', confirm: 'same-password' })).toEqual({ newPassword: '新密码不能与原密码相同' })
    expect(passwordChangeProblems({ oldPassword: 'old-password', newPassword: 'new-password', confirm: 'new-password' })).toEqual({})
  })

  it('ingest key names and display token expiries', () => {
    expect(keyNameProblem(' ')).toContain('请填写名称')
    expect(keyNameProblem('env')).toBe('名称 env 已保留，请换一个')
    expect(keyNameProblem('12345热线')).toBeNull()
    const now = new Date('2026-12-04T12:00:00').getTime()
    expect(expiryOf('', now)).toEqual({ value: null })
    expect(expiryOf('2026-12-04T11:00', now)).toEqual({ problem: '到期时间必须晚于现在' })
    expect(expiryOf('2026-12-05T12:00', now)).toEqual({ value: new Date('2026-12-05T12:00').toISOString() })
  })
})

describe('region choices', () => {
  const byCode = new Map<string, RegionRow>(TEST_REGIONS.map((r) => [r.code, { ...r }]))
  it('lists the tree above the villages under a scope, indented, in tree order', () => {
    expect(regionChoices(byCode, '330111').map(choiceText)).toEqual(['富阳区', '\u3000春江街道', '\u3000万市镇'])
    const all = regionChoices(byCode, null)
    expect(all.map((c) => c.code)).toEqual(['330000', '330100', '330111', '330111001', '330111002', '330400', '330411', '330411001'])
    expect(all.find((c) => c.code === '330111001')?.depth).toBe(3)
  })
  it('shows the server’s Shanghai instants as they are', () => {
    expect(shortTime('2026-12-04T13:05:09+08:00')).toBe('2026-12-04 13:05')
    expect(shortTime(null)).toBe('—')
  })
})
