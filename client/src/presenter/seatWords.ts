import { SHANGHAI_OFFSET_MS } from '../../../shared/time/shanghai'

/** `09:35` (or `06-16 09:35` on another day) of an ISO instant, Shanghai time, for the seat's status line. */
export function clockText(iso: string, now: number = Date.now()): string {
  const at = new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString()
  const today = new Date(now + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
  return at.slice(0, 10) === today ? at.slice(11, 16) : `${at.slice(5, 10)} ${at.slice(11, 16)}`
}

/** A `datetime-local` value (YYYY-MM-DDTHH:MM) of an instant, Shanghai time. */
export const replayInput = (ms: number) => new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16)

/** The wall the seat drives, to open beside it. */
export const wallHref = (wall: string) => `/?wall=${encodeURIComponent(wall)}`

/** The server's refusal (English, for logs and integrators) in the seat's words. */
export function refusalText(error: string | null): string | null {
  if (error === null) return null
  if (/outside this account's scope/.test(error)) return '该区域不在本账号的范围内，不能主控'
  if (/display \(kiosk\) token/.test(error)) return '大屏令牌只能查看，不能主控'
  if (/role may not/.test(error)) return '此账号的角色不能主控大屏'
  if (/asOf is in the future/.test(error)) return '回放时间不能晚于现在'
  if (/token has ended/.test(error)) return '登录已失效，请重新登录'
  if (/^invalid/.test(error)) return `请求无效（${error}）`
  return error === '服务器未应答' ? error : `未能完成（${error}）`
}
