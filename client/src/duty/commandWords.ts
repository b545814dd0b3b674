import type { CaseAction, CaseView } from '../../../shared/api/cases'
import type { InstructionStatus } from '../../../shared/api/instructions'
import { ApiError } from './api'

/** The desk's words for case actions (shared/api/cases.ts has them too, behind its schemas). */
export const CASE_ACTION_WORDS: Record<CaseAction, string> = { urge: '催办', supervise: '督办', escalate: '提级', transfer: '转派', return: '退回' }
export const INSTRUCTION_STATUS_WORDS: Record<InstructionStatus, string> = { issued: '待签收', signed: '已签收', fedBack: '已反馈', closed: '已办结' }

/**
 * Why an action is not offered for a case as it stands, or null when it is: the server decides
 * again (under the log's lock), this only spares the seat a button that cannot work.
 */
export function actionRefusal(action: CaseAction, c: Pick<CaseView, 'resolvedAt' | 'unit'>): string | null {
  if (c.resolvedAt) return '案件已办结'
  if (action === 'return' && !c.unit) return '案件尚无承办单位'
  return null
}

/** A refusal of the server said in Chinese, for the seat (the server's English stays in the log). */
export function commandError(err: unknown, what: string): string {
  const status = err instanceof ApiError ? err.status : 0
  const message = err instanceof Error ? err.message : ''
  if (status === 401) return '登录已失效，请重新登录'
  if (status === 403) return `当前账号无权${what}：需值班调度或管理员账号登录（显示屏令牌只能查看）`
  if (status === 404) return `${what}失败：对象不存在，或不在本账号的范围内`
  if (status === 400 || status === 409) {
    if (/already resolved/.test(message)) return `案件已办结，不能${what}`
    if (/top level/.test(message)) return '已在最高层级办理，无法再提级'
    if (/no handling unit/.test(message)) return '案件尚无承办单位，无从退回'
    if (/already with/.test(message)) return '案件已由该单位承办，请选择其他单位'
    if (/unknown assignee/.test(message)) return '接收账号不存在或已停用'
    if (/may not see region/.test(message)) return '接收账号无权查看该区域'
    if (/dueAt lies in the past/.test(message)) return '反馈时限须晚于现在'
    if (/next step|it is closed|out of order/.test(message)) return `当前状态不能${what}，请刷新后再试`
    return `${what}未执行：当前状态不允许（${status}）`
  }
  if (status === 0) return `${what}失败：网络中断，请重试`
  return `${what}失败（${status}），请重试`
}
