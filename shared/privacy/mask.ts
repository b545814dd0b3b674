/**
 * Personal data of reporters never reaches a wall unmasked. Names keep their first and last
 * character (张*丰, 李*), phones their first three and last four digits (138****5678).
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim())
  if (chars.length === 0) return ''
  if (chars.length === 1) return '*'
  if (chars.length === 2) return `${chars[0]}*`
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '')
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`
  if (digits.length >= 7) return `${digits.slice(0, 2)}***${digits.slice(-2)}`
  return '*'.repeat(Math.max(digits.length, 3))
}

export interface Reporter {
  name: string
  phone: string
}

export function maskReporter(reporter: Reporter): Reporter {
  return { name: maskName(reporter.name), phone: maskPhone(reporter.phone) }
}
