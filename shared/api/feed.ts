import { Type, type Static } from 'typebox'
import { CASE_SIZES, CASE_SOURCES, CASE_STAGES } from '../domain/vocabulary'
import { EVENT_TYPES, OneOf } from '../events/schema'
import type { FeedItem } from '../live/protocol'

/** A line of the live ticker as `feed` and `feed:items` carry it: the reporter always masked (张*丰, 138****5678). */
export const FeedItemSchema = Type.Object({
  seq: Type.Integer({ description: "the event's position in the log" }),
  at: Type.String({ description: 'when it happened (the event’s `at`), ISO-8601 +08:00' }),
  type: OneOf(EVENT_TYPES),
  caseId: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  title: Type.String(),
  category: Type.String(),
  source: OneOf(CASE_SOURCES),
  size: OneOf(CASE_SIZES),
  stage: OneOf(CASE_STAGES, 'the case’s stage as its batch left it'),
  detail: Type.Union([Type.String(), Type.Null()], { description: 'the new stage, tier, satisfaction or colour the event carried' }),
  reporter: Type.Union([Type.Object({ name: Type.String(), phone: Type.String() }), Type.Null()], { description: 'masked' }),
})

export const FeedQuerySchema = Type.Object({
  region: Type.String({ minLength: 1 }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, default: 20, description: 'lines wanted (newest first)' })),
  asOf: Type.Optional(Type.String({ description: 'an instant (ISO-8601) not in the future: the ticker as it stood then (replay)' })),
})

export const FeedAnswerSchema = Type.Object({
  region: Type.String(),
  /** The instant the lines are of: now, or `asOf`. */
  at: Type.String({ description: 'the instant the lines are of: now, or `asOf` (ISO-8601 +08:00)' }),
  seq: Type.Integer({ description: 'the log position they are of' }),
  items: Type.Array(FeedItemSchema, { description: 'newest first' }),
})
export type FeedAnswer = Omit<Static<typeof FeedAnswerSchema>, 'items'> & { items: FeedItem[] }
