import type { Role } from '../../../shared/api/accounts'

/** The admin page's words: roles, audit actions and targets, in the Chinese the command room uses. */

/** The roles in the order offered (shared/api/accounts.ts ROLES; a unit test keeps them equal). */
export const ROLE_ORDER: readonly Role[] = ['admin', 'leader', 'dispatcher', 'viewer']
export const ROLE_LABELS: Record<Role, string> = { admin: '管理员', leader: '领导', dispatcher: '调度员', viewer: '只读' }
export const ROLE_HINTS: Record<Role, string> = {
  admin: '管理范围内的一切',
  leader: '查看、投屏、导出，不办理',
  dispatcher: '查看并办理案件、告警、指令',
  viewer: '仅查看',
}

const ACTIONS: Record<string, string> = {
  login: '登录',
  'login.failed': '登录失败',
  'login.locked': '登录被锁定',
  'login.refused': '登录被拒（账号停用）',
  logout: '退出登录',
  'account.created': '创建账号',
  'account.updated': '修改账号',
  'account.password.changed': '修改本人密码',
  'account.password.reset': '重置密码',
  'account.password.failed': '原密码错误',
  'token.issued': '签发大屏令牌',
  'token.revoked': '吊销令牌',
  'ingestKey.created': '创建接入密钥',
  'ingestKey.revoked': '吊销接入密钥',
  'case.reporter.unmasked': '查看联系人',
  'alarm.raised': '告警产生',
  'alarm.cleared': '原因消除',
  'alarm.acknowledged': '确认告警',
  'alarm.closed': '关闭告警',
  'geo.import': '导入地图',
  'cases.export': '导出案件',
  'briefing.export': '导出简报',
  'duty.log.written': '写值班日志',
  'duty.roster.set': '设置排班',
  'duty.handover': '交接班',
  'directory.imported': '导入通讯录',
  'directory.phone.unmasked': '查看通讯录电话',
  'playlist.created': '新建轮播方案',
  'playlist.updated': '修改轮播方案',
  'playlist.deleted': '删除轮播方案',
  'presenter.take': '主控大屏',
  'presenter.release': '交还大屏',
}

/** Families, for actions this page does not know by name yet (new ones the server adds). */
const FAMILIES: Record<string, string> = {
  login: '登录',
  account: '账号',
  token: '令牌',
  ingestKey: '接入密钥',
  case: '案件操作',
  cases: '案件',
  alarm: '告警',
  instruction: '指令',
  geo: '地图',
  briefing: '简报',
  duty: '值班',
  directory: '通讯录',
  playlist: '轮播方案',
  presenter: '大屏主控',
}

/** A readable label for an audit action; an unknown one keeps its code after its family's name. */
export function auditActionLabel(action: string): string {
  const known = ACTIONS[action]
  if (known) return known
  const family = FAMILIES[action.split('.')[0]!]
  return family ? `${family}（${action}）` : action
}

/** The action filter's choices: families the server matches by prefix (`login` matches `login.failed`). */
export const AUDIT_FILTERS: readonly { value: string; label: string }[] = [
  { value: '', label: '全部操作' },
  { value: 'login', label: '登录与登录失败' },
  { value: 'logout', label: '退出登录' },
  { value: 'account', label: '账号变更' },
  { value: 'token', label: '大屏令牌' },
  { value: 'ingestKey', label: '接入密钥' },
  { value: 'case', label: '案件操作' },
  { value: 'alarm', label: '告警' },
  { value: 'instruction', label: '指令' },
  { value: 'duty', label: '值班与交接班' },
  { value: 'directory', label: '通讯录' },
  { value: 'playlist', label: '轮播方案' },
  { value: 'presenter', label: '大屏主控' },
  { value: 'geo', label: '地图导入' },
]

const TARGETS: Record<string, string> = {
  account: '账号',
  token: '令牌',
  ingestKey: '接入密钥',
  case: '案件',
  alarm: '告警',
  instruction: '指令',
  dutyLog: '值班日志',
  roster: '排班',
  handover: '交接班记录',
  directory: '通讯录',
  person: '通讯录人员',
  playlist: '轮播方案',
  wall: '大屏',
}

/** `account:zhang` → 账号 zhang; token ids are long, so only their start is shown. */
export function auditTargetLabel(target: string): string {
  const i = target.indexOf(':')
  if (i < 0) return target
  const kind = target.slice(0, i)
  const id = target.slice(i + 1)
  const name = TARGETS[kind]
  if (!name) return target
  return `${name} ${kind === 'token' || kind === 'ingestKey' ? shortId(id) : id}`
}

export const actorLabel = (actor: string) => (actor === 'system' ? '系统' : actor)

/** The start of an opaque id, enough to tell rows apart. */
export const shortId = (id: string) => (id.length > 10 ? `${id.slice(0, 8)}…` : id)

const FIELD_VALUES: Record<string, (v: unknown, region: (code: string) => string) => string> = {
  role: (v) => ROLE_LABELS[v as Role] ?? String(v),
  scope: (v, region) => (v === null ? '全部区域' : region(String(v))),
  personalData: (v) => (v ? '可查看' : '不可查看'),
}
const FIELD_NAMES: Record<string, string> = { role: '角色', scope: '范围', personalData: '个人信息' }

/** One `key: before → after` of an account change (server/routes/accounts.ts writes them as JSON values). */
function changeLabel(part: string, region: (code: string) => string): string {
  const m = /^(\w+): (.+) → (.+)$/.exec(part)
  if (!m) return part
  const [, key, before, after] = m as unknown as [string, string, string, string]
  let a: unknown, b: unknown
  try {
    a = JSON.parse(before)
    b = JSON.parse(after)
  } catch {
    return part
  }
  if (key === 'disabled') return b ? '停用' : '启用'
  const value = FIELD_VALUES[key]
  return value ? `${FIELD_NAMES[key]} ${value(a, region)} → ${value(b, region)}` : part
}

/**
 * The audit note in Chinese where its shape is known (the server writes notes in English for
 * integrators and logs); anything else as written. `region` names a region code.
 */
export function auditNoteLabel(action: string, note: string | null, region: (code: string) => string = (c) => c): string {
  if (!note) return ''
  let m: RegExpExecArray | null
  if ((m = /^from (\S+)(?:; (.*))?$/.exec(note))) {
    const rest = m[2]
    const more = !rest ? '' : rest === 'account disabled' ? '；账号已停用' : rest.replace(/^locked until (\S+)$/, (_, t: string) => `；锁定至 ${t.slice(0, 16).replace('T', ' ')}`)
    return `来自 ${m[1]}${more}`
  }
  if ((m = /^role (\w+), scope (\S+?)(, personal data)?$/.exec(note)))
    return `${ROLE_LABELS[m[1] as Role] ?? m[1]}，范围 ${m[2] === 'all' ? '全部区域' : region(m[2]!)}${m[3] ? '，可查看个人信息' : ''}`
  if ((m = /^(\d+) other session\(s\) ended$/.exec(note))) return `结束其他登录 ${m[1]} 个`
  if (note === 'wrong old password') return '原密码错误'
  if ((m = /^(kiosk|session) of (\S+?)(?:: (.*))?$/.exec(note))) return `${m[1] === 'kiosk' ? '大屏令牌' : '登录会话'}（${m[2]}）${m[3] ? `：${m[3]}` : ''}`
  if (action === 'account.updated') return note.split(', ').map((p) => changeLabel(p, region)).join('，')
  if (action === 'token.issued') return note.replace(/^\(no label\)/, '（未命名）').replace(/, until (\S+)$/, (_, t: string) => `，有效至 ${t.slice(0, 16).replace('T', ' ')}`)
  return note
}
