import type { Instruction } from '../../../shared/api/instructions'
import { SHANGHAI_OFFSET_MS } from '../../../shared/time/shanghai'

const ORDER = { issued: 0, signed: 1, fedBack: 2, closed: 3 } as const

/**
 * One instruction's news applied to a list, newest issued first. A push older than what the list
 * holds (its step behind) changes nothing, so a late push never undoes a step.
 */
export function applyInstruction(list: readonly Instruction[], next: Instruction): Instruction[] {
  const current = list.find((i) => i.id === next.id)
  if (current && ORDER[current.status] > ORDER[next.status]) return list as Instruction[]
  return [...list.filter((i) => i.id !== next.id), next].sort((a, b) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt) || b.id.localeCompare(a.id))
}

/** What the account still has to do: sign (签收) or feed back (反馈). */
export function waitingFor(list: readonly Instruction[], username: string | undefined): Instruction[] {
  return list.filter((i) => i.assignee === username && (i.status === 'issued' || i.status === 'signed'))
}

const pad = (n: number) => String(n).padStart(2, '0')

/** An instant as a `datetime-local` input shows it, in Shanghai time (2026-12-04T14:30). */
export function shanghaiLocal(ms: number): string {
  const d = new Date(ms + SHANGHAI_OFFSET_MS)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

/** A `datetime-local` value read as Shanghai time, as ISO-8601; null when empty or malformed. */
export function fromShanghaiLocal(value: string): string | null {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(value)) return null
  const ms = Date.parse(`${value}:00+08:00`)
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}
