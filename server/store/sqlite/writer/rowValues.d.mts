/** Types of rowValues.mjs (plain JavaScript for the writer thread). */
import type { CaseWire } from '../rows'

/** The values of a case row in the order of CASE_COLUMNS, from what the store posts (rows.ts caseWire). */
export function caseRowValues(c: CaseWire): unknown[]
