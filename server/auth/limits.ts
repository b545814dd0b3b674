/** Limits per account, counted in the store so that every node of a cluster sees the same count. */
export const LIMITS = {
  /** Unmasked reporters per account per window (each one audited). */
  unmask: { max: 20, windowMs: 10 * 60_000 },
  /** Display tokens an account may hold at once, and mint per window. */
  kiosk: { live: 50, max: 20, windowMs: 3600_000 },
} as const
