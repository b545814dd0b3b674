import { DIRECTORY_ROLE_LABELS, DIRECTORY_ROLES, type DirectoryRole, type ImportRowError } from '../../../shared/api/directory'
import { parseCsv } from './csv'

/** A person of the directory as imported (before it is stored). */
export interface NewPerson {
  name: string
  phone: string
  role: DirectoryRole
  regionCode: string
  riskId: string | null
}

/** Header names accepted for each column, English or as a Chinese spreadsheet has them. */
const COLUMNS = {
  name: ['name', '姓名'],
  phone: ['phone', '电话', '手机', '联系电话'],
  role: ['role', '角色', '职务'],
  region: ['region', 'regioncode', '区域', '区划代码', '行政区划'],
  riskPointId: ['riskpointid', 'riskid', '风险点', '风险点编号'],
} as const
type Column = keyof typeof COLUMNS
const REQUIRED: Column[] = ['name', 'phone', 'role', 'region']
const PHONE = /^\+?[0-9][0-9\- ]{2,30}$/
const roleOf = (s: string): DirectoryRole | undefined =>
  (DIRECTORY_ROLES as readonly string[]).includes(s) ? (s as DirectoryRole) : DIRECTORY_ROLES.find((r) => DIRECTORY_ROLE_LABELS[r] === s)

export interface ImportChecks {
  /** Null when the importer may write people of this region; else why not. */
  regionRefusal(code: string): string | null
  /** Null when the risk point exists inside the region's subtree; else why not. */
  riskRefusal(riskId: string, regionCode: string): string | null
}

export const MAX_IMPORT_ROWS = 10_000

/**
 * The CSV's rows checked one by one: every problem with its line and column, so one pass of fixes
 * gets a file through. A person appearing twice (same region, risk point, role and name) is an error
 * on the second line. Pure but for the checks the caller passes.
 */
export function readDirectoryCsv(text: string, checks: ImportChecks): { ok: true; people: Array<NewPerson & { line: number }> } | { ok: false; errors: ImportRowError[] } {
  const records = parseCsv(text)
  const header = records.shift()
  if (!header) return { ok: false, errors: [{ line: 1, field: null, message: 'the file is empty: a header line (name,phone,role,region,riskPointId) is needed' }] }
  const index = new Map<Column, number>()
  header.fields.forEach((h, i) => {
    const key = h.trim().toLowerCase()
    const col = (Object.keys(COLUMNS) as Column[]).find((c) => (COLUMNS[c] as readonly string[]).includes(key))
    if (col && !index.has(col)) index.set(col, i)
  })
  const missing = REQUIRED.filter((c) => !index.has(c))
  if (missing.length > 0) return { ok: false, errors: [{ line: header.line, field: null, message: `the header lacks ${missing.join(', ')} (columns: name,phone,role,region,riskPointId)` }] }
  if (records.length === 0) return { ok: false, errors: [{ line: header.line, field: null, message: 'no rows below the header' }] }
  if (records.length > MAX_IMPORT_ROWS) return { ok: false, errors: [{ line: header.line, field: null, message: `at most ${MAX_IMPORT_ROWS} rows per import, not ${records.length}` }] }

  const errors: ImportRowError[] = []
  const people: Array<NewPerson & { line: number }> = []
  const seen = new Map<string, number>()
  for (const { line, fields } of records) {
    const cell = (c: Column) => (index.has(c) ? (fields[index.get(c)!] ?? '').trim() : '')
    const problem = (field: Column | null, message: string) => errors.push({ line, field, message })
    const before = errors.length
    const name = cell('name')
    const phone = cell('phone')
    const roleText = cell('role')
    const region = cell('region')
    const riskId = cell('riskPointId') || null
    if (!name) problem('name', 'name is empty')
    else if (Array.from(name).length > 64) problem('name', 'name is longer than 64 characters')
    if (!PHONE.test(phone) || phone.replace(/\D/g, '').length < 3) problem('phone', `"${phone}" is not a phone number`)
    const role = roleOf(roleText)
    if (!role) problem('role', `"${roleText}" is not a role: ${DIRECTORY_ROLES.map((r) => `${r} (${DIRECTORY_ROLE_LABELS[r]})`).join(', ')}`)
    const regionWhy = region ? checks.regionRefusal(region) : 'region is empty'
    if (regionWhy) problem('region', regionWhy)
    else if (riskId) {
      const why = checks.riskRefusal(riskId, region)
      if (why) problem('riskPointId', why)
    }
    if (errors.length > before) continue
    const key = JSON.stringify([region, riskId, role, name])
    const first = seen.get(key)
    if (first !== undefined) {
      problem('name', `the same person as line ${first}`)
      continue
    }
    seen.set(key, line)
    people.push({ line, name, phone, role: role!, regionCode: region, riskId })
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, people }
}
