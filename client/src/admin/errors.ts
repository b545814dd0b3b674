import { PASSWORD_MIN_LENGTH } from './validation'

/**
 * The server answers in English for integrators; the admin page says what happened in Chinese.
 * Known refusals are recognised by their wording (server/routes/accounts.ts, tokens.ts, ingestKeys.ts,
 * server/auth/permissions.ts); anything else by its status.
 */
const KNOWN: readonly [RegExp, string][] = [
  [/beyond this account's own scope|may do what this account may not|only an account that may see personal data|holds more than this account may grant/, '不能授予超出自身范围的权限'],
  [/cannot change its own role/, '不能修改自己的角色、范围或状态，请由其他管理员操作'],
  [new RegExp(`fewer than ${PASSWORD_MIN_LENGTH} characters|^/(new)?[pP]assword `, 'm'), `密码至少 ${PASSWORD_MIN_LENGTH} 位`],
  [/the old password is wrong/, '原密码错误，未作修改'],
  [/oldPassword is required/, '请输入原密码'],
  [/must differ from the old one/, '新密码不能与原密码相同'],
  [/too many failed/, '失败次数过多，账号已暂时锁定，请稍后再试'],
  [/^account \S+ exists/, '该用户名已存在'],
  [/unknown region/, '区域不存在'],
  [/expiresAt must lie in the future/, '到期时间必须晚于现在'],
  [/already holds \d+ display tokens/, '本账号的大屏令牌已达上限，请先吊销一些'],
  [/display tokens per hour/, '每小时签发的大屏令牌已达上限，请稍后再试'],
  [/outside this account's scope/, '该区域不在本账号的管理范围内'],
  [/this account is disabled/, '该账号已停用'],
]

const BY_STATUS: Record<number, string> = {
  400: '填写有误，请检查后再试',
  401: '登录已失效，请重新登录',
  403: '没有权限执行此操作',
  404: '对象不存在，或不在本账号的管理范围内',
  409: '与现有记录冲突',
  429: '操作过于频繁，请稍后再试',
}

export interface ErrorDetail {
  path: string
  message: string
}

/** The Chinese words for a server's refusal: its status, its `error` and its validation `details`. */
export function chineseError(status: number, message: string, details: readonly ErrorDetail[] = []): string {
  const text = [message, ...details.map((d) => `${d.path} ${d.message}`)].join('\n')
  for (const [pattern, words] of KNOWN) if (pattern.test(text)) return words
  return BY_STATUS[status] ?? `操作失败（${status}），请稍后再试`
}
