/**
 * RFC 4180 CSV: fields separated by commas, optionally in double quotes (a quote inside doubled),
 * records by CRLF or LF; a leading byte-order mark is dropped. Each record keeps the line it starts
 * on, for row errors people can find in their spreadsheet.
 */
export function parseCsv(text: string): Array<{ line: number; fields: string[] }> {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const out: Array<{ line: number; fields: string[] }> = []
  let fields: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let start = 1
  const endRecord = () => {
    fields.push(field)
    if (!(fields.length === 1 && fields[0]!.trim() === '')) out.push({ line: start, fields })
    fields = []
    field = ''
  }
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else {
        if (ch === '\n') line++
        field += ch
      }
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === ',') {
      fields.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++
      endRecord()
      line++
      start = line
    } else field += ch
  }
  if (field !== '' || fields.length > 0) endRecord()
  return out
}
