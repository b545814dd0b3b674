import { Type, type Static } from 'typebox'
import { OneOf } from '../events/schema'

/** issued → signed (签收) → fedBack (反馈) → closed (办结). */
export const INSTRUCTION_STATUSES = ['issued', 'signed', 'fedBack', 'closed'] as const
export type InstructionStatus = (typeof INSTRUCTION_STATUSES)[number]
export const INSTRUCTION_STATUS_LABELS: Record<InstructionStatus, string> = { issued: '已下达', signed: '已签收', fedBack: '已反馈', closed: '已办结' }

const Instant = Type.String({ description: 'ISO-8601, +08:00' })
const Maybe = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

export const IssueInstructionSchema = Type.Object({
  region: Type.String({ minLength: 1, maxLength: 32 }),
  assignee: Type.String({ minLength: 1, maxLength: 64, description: 'the account (username) that is to sign and feed back' }),
  text: Type.String({ minLength: 1, maxLength: 2000 }),
  caseId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  alarmId: Type.Optional(Type.Integer({ minimum: 1 })),
  dueAt: Type.Optional(Type.String({ format: 'date-time', description: 'by when it is to be fed back' })),
})
export type IssueInstruction = Static<typeof IssueInstructionSchema>

export const InstructionSchema = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  assignee: Type.String(),
  text: Type.String(),
  caseId: Maybe(Type.String()),
  alarmId: Maybe(Type.Integer()),
  dueAt: Maybe(Instant),
  status: OneOf(INSTRUCTION_STATUSES),
  issuedBy: Maybe(Type.String()),
  issuedAt: Instant,
  signedAt: Maybe(Instant),
  feedback: Maybe(Type.String()),
  fedBackAt: Maybe(Instant),
  closedBy: Maybe(Type.String()),
  closedAt: Maybe(Instant),
  /** Past `dueAt` and not yet fed back. */
  overdue: Type.Boolean(),
})
export type Instruction = Static<typeof InstructionSchema>

export const InstructionListQuerySchema = Type.Object({
  region: Type.String({ minLength: 1 }),
  status: Type.Optional(OneOf(INSTRUCTION_STATUSES)),
  assignee: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: '`me`: the caller’s own inbox' })),
})
