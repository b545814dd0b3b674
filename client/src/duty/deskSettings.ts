import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { SEAT_DEFAULTS, SEATS, type QuietHours, type Seat, type SeatFilters } from './seats'

const KEY = 'yiping.desk'
/** No seat chosen: everything, as the desk always showed. */
export const ALL_FILTERS: SeatFilters = { alarms: { kind: 'all', region: '', minAgeMinutes: 0 }, cases: { source: 'all' } }

export interface DeskSettings {
  seat: Seat | null
  /** Filters a seat changed from its defaults, kept per seat. */
  filters: Partial<Record<Seat | 'none', SeatFilters>>
  muted: boolean
  quiet: QuietHours
}

const DEFAULTS: DeskSettings = { seat: null, filters: {}, muted: false, quiet: { on: false, from: '22:00', to: '07:00' } }

/** What localStorage holds, made whole: anything missing or malformed falls back to the defaults. */
export function readSettings(raw: string | null): DeskSettings {
  try {
    const v = JSON.parse(raw ?? 'null') as Partial<DeskSettings> | null
    if (!v || typeof v !== 'object') return structuredClone(DEFAULTS)
    return {
      seat: SEATS.includes(v.seat as Seat) ? (v.seat as Seat) : null,
      filters: v.filters && typeof v.filters === 'object' ? v.filters : {},
      muted: v.muted === true,
      quiet: { ...DEFAULTS.quiet, ...(v.quiet ?? {}) },
    }
  } catch {
    return structuredClone(DEFAULTS)
  }
}

/**
 * The seat's own settings, kept in this browser (localStorage): which seat it is (12345 席 …)
 * and the alarm and case filters it works with, the sound switched off, the quiet hours.
 */
export const useDeskSettingsStore = defineStore('dutySettings', () => {
  const stored = (() => {
    try {
      return window.localStorage.getItem(KEY)
    } catch {
      return null
    }
  })()
  const settings = ref<DeskSettings>(readSettings(stored))
  watch(
    settings,
    (s) => {
      try {
        window.localStorage.setItem(KEY, JSON.stringify(s))
      } catch {
        // Private mode or full: the settings hold for this page only.
      }
    },
    { deep: true },
  )

  const seatKey = computed(() => settings.value.seat ?? 'none')
  const filters = computed<SeatFilters>(() => settings.value.filters[seatKey.value] ?? (settings.value.seat ? SEAT_DEFAULTS[settings.value.seat] : ALL_FILTERS))
  /** Changed from the seat's defaults: the desk offers to restore them. */
  const custom = computed(() => settings.value.filters[seatKey.value] !== undefined)

  function setSeat(seat: Seat | null) {
    settings.value.seat = seat
  }
  function setFilters(next: SeatFilters) {
    settings.value.filters = { ...settings.value.filters, [seatKey.value]: structuredClone(next) }
  }
  function resetFilters() {
    const rest = { ...settings.value.filters }
    delete rest[seatKey.value]
    settings.value.filters = rest
  }
  function setMuted(muted: boolean) {
    settings.value.muted = muted
  }
  function setQuiet(quiet: QuietHours) {
    settings.value.quiet = { ...quiet }
  }

  return { settings, filters, custom, setSeat, setFilters, resetFilters, setMuted, setQuiet }
})
