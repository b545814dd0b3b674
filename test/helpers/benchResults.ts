import type { BenchResults } from '../../bench/lib/report'

/** A bench run's results holding only the phases given, as the report's verdicts and render read them. */
export function benchResults(phases: Partial<Omit<BenchResults, 'meta' | 'errors' | 'verdicts'>>): BenchResults {
  return {
    meta: { date: '2026-12-06T00:00:00Z', mode: 'full', machine: { cpu: 'x', cores: 2, memoryGB: 8, os: 'linux', node: 'v20', chromium: null }, commit: null, options: {} },
    ...phases,
    errors: {},
    verdicts: [],
  }
}
