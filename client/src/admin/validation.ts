/**
 * What the forms check before asking the server (which checks again): the same rules as
 * shared/api/accounts.ts and shared/api/tokens.ts, said in Chinese next to the field.
 */
/**
 * shared/api/accounts.ts PASSWORD_MIN_LENGTH, repeated (a unit test keeps them equal): importing
 * that module would bring its schemas into the page.
 */
export const PASSWORD_MIN_LENGTH = 10

export type FieldErrors = Partial<Record<string, string>>

const USERNAME = /^[A-Za-z0-9_.-]{1,64}$/

export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `密码至少 ${PASSWORD_MIN_LENGTH} 位`
  if (password.length > 256) return '密码不能超过 256 位'
  return null
}

export function newAccountProblems(form: { username: string; password: string; confirm: string }): FieldErrors {
  const out: FieldErrors = {}
  if (!form.username) out.username = '请填写用户名'
  else if (!USERNAME.test(form.username)) out.username = '用户名只能用字母、数字、下划线、点或连字符，最长 64 位'
  const weak = passwordProblem(form.password)
  if (weak) out.password = weak
  else if (form.password !== form.confirm) out.confirm = '两次输入的密码不一致'
  return out
}

export function passwordChangeProblems(form: { oldPassword: string; newPassword: string; confirm: string }): FieldErrors {
  const out: FieldErrors = {}
  if (!form.oldPassword) out.oldPassword = '请输入原密码'
  const weak = passwordProblem(form.newPassword)
  if (weak) out.newPassword = weak
  else if (form.newPassword === form.oldPassword) out.newPassword = '新密码不能与原密码相同'
  else if (form.newPassword !== form.confirm) out.confirm = '两次输入的密码不一致'
  return out
}

export function keyNameProblem(name: string): string | null {
  const n = name.trim()
  if (!n) return '请填写名称（谁在使用，例如 12345热线）'
  if (n.length > 100) return '名称不能超过 100 字'
  if (n === 'env') return '名称 env 已保留，请换一个'
  return null
}

export function labelProblem(label: string): string | null {
  return label.trim().length > 100 ? '位置说明不能超过 100 字' : null
}

/**
 * A display token's optional expiry from a `datetime-local` field (the browser's local time):
 * null when left empty, an ISO instant, or the problem with it. `now` for tests.
 */
export function expiryOf(local: string, now = Date.now()): { value: string | null } | { problem: string } {
  if (!local) return { value: null }
  const ms = new Date(local).getTime()
  if (!Number.isFinite(ms)) return { problem: '到期时间格式有误' }
  if (ms <= now) return { problem: '到期时间必须晚于现在' }
  return { value: new Date(ms).toISOString() }
}

export const hasProblems = (e: FieldErrors) => Object.values(e).some(Boolean)
