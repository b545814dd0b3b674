// @ts-check
// Plain JavaScript, imported by the writer thread (writerWorker.mjs), which runs without a
// TypeScript loader. The store's rows.ts says what each column holds; the tests check that these
// values are the ones caseParams makes.

/**
 * The values of a case row in the order of CASE_COLUMNS (rows.ts), from what the store posts: the
 * region path, the four marks (domain/cases/marks.ts, computed on the main thread where the domain
 * lives) and the state itself. Made here so that the main thread neither builds the state's JSON
 * nor clones it a second time as text.
 * @param {[string, number, number, number, number, Record<string, any>]} c  (rows.ts CaseWire)
 * @returns {unknown[]}
 */
export function caseRowValues(c) {
  const s = c[5]
  return [
    s.id,
    s.regionCode,
    c[0],
    s.stage,
    s.title,
    s.category,
    s.reportedAt,
    s.dueAt,
    s.resolvedAt,
    s.followedUpAt,
    s.supervisedColor,
    s.updatedAt,
    c[1],
    c[2],
    c[3],
    c[4],
    JSON.stringify(s),
  ]
}
