import { Type, type Static } from 'typebox'

/** One problem with a request; for ingest, `index` names the event in the batch. */
export const ErrorDetailSchema = Type.Object({
  index: Type.Optional(Type.Integer()),
  path: Type.String(),
  message: Type.String(),
})
export type ErrorDetail = Static<typeof ErrorDetailSchema>

export const ErrorBodySchema = Type.Object({
  error: Type.String(),
  details: Type.Optional(Type.Array(ErrorDetailSchema)),
})
export type ErrorBody = Static<typeof ErrorBodySchema>
