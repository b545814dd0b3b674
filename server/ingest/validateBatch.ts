import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { EVENT_SCHEMAS, EVENT_TYPES, MAX_BATCH, type EventType } from '../../shared/events/schema'

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule

/** Shaped like Ajv's errors so Fastify carries them into `error.validation`. */
export interface ValidationIssue {
  instancePath: string
  message: string
  keyword: string
  schemaPath: string
  params: Record<string, unknown>
}

const issue = (instancePath: string, message: string): ValidationIssue => ({ instancePath, message, keyword: 'ingest', schemaPath: '#', params: {} })

const MAX_ISSUES = 200

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false })
addFormats(ajv)
const validators = Object.fromEntries(
  EVENT_TYPES.map((type) => [type, ajv.compile(EVENT_SCHEMAS[type])]),
) as Record<EventType, ValidateFunction>

function describe(e: ErrorObject): string {
  if (e.keyword === 'required') return `is required: ${String(e.params.missingProperty)}`
  if (e.keyword === 'enum') return `must be one of ${(e.params.allowedValues as string[]).join(', ')}`
  return e.message ?? 'is invalid'
}

/**
 * The ingest body checked event by event against the schema of its own `type`, so an integrator
 * reads "/events/3/size must be one of minor, major" rather than the noise of a failed union.
 * Used as the route's validator: returns false and sets `.errors` the way Fastify expects.
 */
export function validateIngestBody(body: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return [issue('', 'body must be an object { "events": [...] }')]
  const events = (body as { events?: unknown }).events
  if (!Array.isArray(events)) return [issue('/events', 'must be an array of events')]
  if (events.length < 1 || events.length > MAX_BATCH)
    return [issue('/events', `must hold 1 to ${MAX_BATCH} events, not ${events.length}`)]
  for (let i = 0; i < events.length && issues.length < MAX_ISSUES; i++) {
    const e = events[i] as { type?: unknown } | null
    const base = `/events/${i}`
    if (typeof e !== 'object' || e === null || Array.isArray(e)) {
      issues.push(issue(base, 'must be an object'))
      continue
    }
    const validate = typeof e.type === 'string' ? validators[e.type as EventType] : undefined
    if (!validate) {
      issues.push(issue(`${base}/type`, `must be one of ${EVENT_TYPES.join(', ')}`))
      continue
    }
    if (!validate(e))
      for (const err of validate.errors ?? []) {
        const at = err.keyword === 'required' ? `/${String(err.params.missingProperty)}` : ''
        issues.push(issue(`${base}${err.instancePath}${at}`, describe(err)))
      }
  }
  return issues
}

/** Fastify validatorCompiler shape: false with `.errors`, true when the batch is well-formed. */
export function ingestBodyValidator() {
  const fn = ((body: unknown) => {
    const issues = validateIngestBody(body)
    fn.errors = issues.length ? issues : null
    return issues.length === 0
  }) as ((body: unknown) => boolean) & { errors: ValidationIssue[] | null }
  fn.errors = null
  return fn
}
