import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

/**
 * The text of a PDF as people read it: per page, lines top to bottom, each line's runs left to
 * right joined by a single space (PDF.js text extraction, no rendering).
 */
export async function pdfLines(body: Buffer | Uint8Array): Promise<string[][]> {
  const doc = await getDocument({ data: new Uint8Array(body), disableFontFace: true, useSystemFonts: false, isEvalSupported: false }).promise
  const pages: string[][] = []
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n)
    const content = await page.getTextContent()
    const rows = new Map<number, Array<{ x: number; text: string }>>()
    for (const item of content.items) {
      if (!('str' in item) || !item.str.trim()) continue
      const y = Math.round(item.transform[5]! / 2) * 2
      const row = rows.get(y) ?? rows.set(y, []).get(y)!
      row.push({ x: item.transform[4]!, text: item.str })
    }
    pages.push([...rows.entries()].sort((a, b) => b[0] - a[0]).map(([, r]) => r.sort((a, b) => a.x - b.x).map((i) => i.text.trim()).join(' ')))
  }
  await doc.destroy()
  return pages
}
