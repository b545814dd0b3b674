import type { AlarmKind, AlarmStatus } from '../../../shared/api/alarms'

/** The duty room's short words for alarms (shared/api/alarms.ts has the long ones). */
export const ALARM_KIND_SHORT: Record<AlarmKind, string> = { 'case.red': '红色督办', 'risk.alarm': '风险告警', 'instruction.overdue': '指令超时' }
export const ALARM_STATUS_SHORT: Record<AlarmStatus, string> = { raised: '待确认', acknowledged: '已确认', closed: '已关闭' }

const AUDIT_ACTIONS: Record<string, string> = {
  'alarm.raised': '告警产生',
  'alarm.cleared': '原因消除',
  'alarm.acknowledged': '确认告警',
  'alarm.closed': '关闭告警',
  'case.reporter.unmasked': '查看联系人',
}
export const auditAction = (action: string) => AUDIT_ACTIONS[action] ?? action
export const auditActor = (actor: string) => (actor === 'system' ? '系统' : actor)
