import type { CaseEvent } from '../../../shared/events/schema'
import { CASE_STAGE_LABELS } from '../../../shared/domain/vocabulary'
import { handlingRegionOf, isClosed, isResolved, unitOf, type CaseState, type UnitTally } from './caseState'
import { caseTheme } from './caseTheme'
import { dueAt, DEFAULT_TIME_LIMITS, type TimeLimitRules } from './deadline'

export type Reduced<S> = { ok: true; state: S } | { ok: false; field: string; message: string }

/** What a case event may need to know of the region tree: the region directly above one (提级). */
export interface CaseContext {
  parentOf(code: string): string | null
}

/** A unit's tally after one more assignment or return. */
function tallied(units: Record<string, UnitTally> | undefined, unit: string, field: keyof UnitTally): Record<string, UnitTally> {
  const prev = units?.[unit] ?? { assigned: 0, returned: 0 }
  return { ...units, [unit]: { ...prev, [field]: prev[field] + 1 } }
}

const fail = (field: string, message: string): Reduced<never> => ({ ok: false, field, message })

/**
 * One case event applied to the case's state, or the reason it makes no sense. Pure: the batch
 * planner runs it on every event before anything is written, so a refused event refuses its batch.
 *
 * Reopening (重办): a `case.stage` back to receive…review on a case that is resolved and awaiting
 * follow-up, or that was closed with an `unsatisfied` follow-up, reopens it: resolution and follow-up
 * are cleared and the handling clock starts again from that event.
 */
export function reduceCase(
  prev: CaseState | undefined,
  e: CaseEvent,
  at: number,
  limits: TimeLimitRules = DEFAULT_TIME_LIMITS,
  context?: CaseContext,
): Reduced<CaseState> {
  if (e.type === 'case.reported') {
    if (prev) return fail('caseId', `case ${e.caseId} was already reported`)
    return {
      ok: true,
      state: {
        id: e.caseId,
        regionCode: e.regionCode,
        source: e.source,
        category: e.category,
        size: e.size,
        title: e.title,
        backlogLevel: e.backlogLevel ?? null,
        reporter: e.reporter ?? null,
        stage: 'receive',
        reportedAt: at,
        clockFrom: at,
        dueAt: dueAt(e, at, limits),
        stageAt: { receive: at },
        urgeCount: 0,
        supervisedColor: null,
        resolvedAt: null,
        tier: null,
        followedUpAt: null,
        satisfaction: null,
        reopenCount: 0,
        updatedAt: at,
        unit: e.unit ?? null,
        handlingRegion: null,
        units: e.unit ? tallied(undefined, e.unit, 'assigned') : {},
        ...caseTheme(e),
      },
    }
  }
  if (!prev) return fail('caseId', `unknown case ${e.caseId}`)
  if (at < prev.reportedAt) return fail('at', `case ${e.caseId} was reported later (${new Date(prev.reportedAt).toISOString()})`)
  const next: CaseState = { ...prev, stageAt: { ...prev.stageAt }, updatedAt: Math.max(prev.updatedAt, at) }

  switch (e.type) {
    case 'case.stage': {
      if (e.stage === 'followup') return fail('stage', 'a case reaches followup through case.resolved (with its tier)')
      const reopenable = (isResolved(prev) && !isClosed(prev)) || prev.satisfaction === 'unsatisfied'
      if (isClosed(prev) && !reopenable) return fail('caseId', `case ${e.caseId} is closed`)
      if (isResolved(prev)) {
        if (!reopenable) return fail('caseId', `case ${e.caseId} cannot be reopened`)
        next.resolvedAt = null
        next.tier = null
        next.followedUpAt = null
        next.satisfaction = null
        next.supervisedColor = null
        next.reopenCount = prev.reopenCount + 1
        next.clockFrom = at
        next.dueAt = dueAt(prev, at, limits)
      }
      next.stage = e.stage
      next.stageAt[e.stage] = at
      return { ok: true, state: next }
    }
    case 'case.urged':
      if (isResolved(prev)) return fail('caseId', `case ${e.caseId} is already resolved; only open cases are chased`)
      next.urgeCount = prev.urgeCount + 1
      return { ok: true, state: next }
    case 'case.supervised':
      if (isResolved(prev)) return fail('caseId', `case ${e.caseId} is already resolved; supervision ends at resolution`)
      next.supervisedColor = e.color
      return { ok: true, state: next }
    case 'case.resolved':
      if (isResolved(prev)) return fail('caseId', `case ${e.caseId} is already resolved`)
      next.resolvedAt = at
      next.tier = e.tier
      next.stage = 'followup'
      next.stageAt.followup = at
      next.supervisedColor = null
      return { ok: true, state: next }
    case 'case.escalated': {
      if (isResolved(prev)) return fail('caseId', `case ${e.caseId} is already resolved; only open cases are escalated`)
      const from = handlingRegionOf(prev)
      if (context) {
        const above = context.parentOf(from)
        if (above === null) return fail('toRegion', `case ${e.caseId} is already handled at the top level (${from}); there is no level above`)
        if (above !== e.toRegion) return fail('toRegion', `the level above ${from} is ${above}, not ${e.toRegion}`)
      }
      next.handlingRegion = e.toRegion
      return { ok: true, state: next }
    }
    case 'case.transferred':
      if (isResolved(prev)) return fail('caseId', `case ${e.caseId} is already resolved; only open cases are transferred`)
      if (unitOf(prev) === e.unit) return fail('unit', `case ${e.caseId} is already with ${e.unit}`)
      next.unit = e.unit
      next.units = tallied(prev.units, e.unit, 'assigned')
      return { ok: true, state: next }
    case 'case.returned': {
      if (isResolved(prev)) return fail('caseId', `case ${e.caseId} is already resolved; only open cases are returned`)
      const unit = unitOf(prev)
      if (unit === null) return fail('caseId', `case ${e.caseId} is with no handling unit; there is nobody to return it`)
      next.unit = null
      next.units = tallied(prev.units, unit, 'returned')
      next.stage = 'assign'
      next.stageAt.assign = at
      return { ok: true, state: next }
    }
    case 'case.followedUp':
      if (!isResolved(prev))
        return fail('caseId', `case ${e.caseId} is at ${CASE_STAGE_LABELS[prev.stage]}; follow-up comes after resolution`)
      if (isClosed(prev)) return fail('caseId', `case ${e.caseId} was already followed up`)
      next.followedUpAt = at
      next.satisfaction = e.satisfaction
      return { ok: true, state: next }
  }
}
