import ExcelJS from 'exceljs'

export interface ReadSheet {
  /** Every row as its cells' plain values (dates as Date), from row 1. */
  rows: unknown[][]
  views: Partial<ExcelJS.WorksheetView>[]
  widths: number[]
}

/** An XLSX read back with ExcelJS: the first worksheet as plain values. */
export async function readXlsx(body: Buffer): Promise<ReadSheet> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(body as unknown as ArrayBuffer)
  const ws = wb.worksheets[0]!
  const rows: unknown[][] = []
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const values = (row.values as unknown[]).slice(1)
    rows[n - 1] = values.map((v) => (v === undefined ? null : v))
  })
  return { rows: Array.from(rows, (r) => r ?? []), views: ws.views, widths: ws.columns.map((c) => c.width ?? 0) }
}
