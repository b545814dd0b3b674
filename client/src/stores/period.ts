import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { DEFAULT_PERIOD, isPreset, samePeriod, type PeriodChoice } from '../period/choice'
import { flowTag, PRESET_LABELS } from '../period/labels'
import type { Periods } from '../../../shared/summary/periods'

/**
 * The period the wall counts its flows over (the stocks are always "now"), and the server's named
 * periods (GET /api/v1/periods: the 考核期's name and each preset's days, resolved by the server's
 * clock). The choice comes from and goes to the address bar (layout/address.ts).
 */
export const usePeriodStore = defineStore('period', () => {
  const choice = ref<PeriodChoice>(DEFAULT_PERIOD)
  const presets = shallowRef<Periods | null>(null)

  /** Loads the named periods; the wall works without them (the 考核期 is then just "考核期"). */
  async function loadPresets(token: string): Promise<void> {
    const res = await fetch('/api/v1/periods', { headers: { authorization: `Bearer ${token}` } }).catch(() => null)
    if (res?.ok) presets.value = (await res.json()) as Periods
  }

  /** Sets the period; false when it is the one already shown. */
  function set(p: PeriodChoice): boolean {
    if (samePeriod(p, choice.value)) return false
    choice.value = p
    return true
  }

  const assessmentLabel = computed(() => presets.value?.presets.assessment.label ?? null)
  /** The period's name in full: 本月 …, or the 考核期 by its configured name; null for a custom range. */
  const name = computed(() => {
    const c = choice.value
    if (!isPreset(c)) return null
    return c.preset === 'assessment' ? (assessmentLabel.value ?? PRESET_LABELS.assessment) : PRESET_LABELS[c.preset]
  })
  /** What flow figures say they count: 本月, 本年累计, 考核期, 12/01–12/04 …. */
  const tag = computed(() => flowTag(choice.value))
  return { choice, presets, loadPresets, set, assessmentLabel, name, tag }
})
