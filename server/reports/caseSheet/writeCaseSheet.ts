import type { Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import type { CaseView } from '../../../shared/api/cases'
import { formatCount } from '../format'
import { CASE_COLUMNS } from './columns'
import type { SheetTitle } from './title'

export { XLSX_TYPE } from './xlsxType'

/** Rows above the data: the heading, the facts, the column headers (frozen with them). */
const HEAD_ROWS = 3
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F2' } }
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFB7C3D0' } }

export interface CaseRows {
  /** Pages of cases, each already masked, with where each lies below the exported region. */
  pages: AsyncIterable<Array<{ view: CaseView; where: string }>>
  /** Called after each page is written, with the rows written so far. */
  progress?: (rows: number) => void
  /** Resolves when `out` can take more (backpressure between pages). */
  drained?: () => Promise<void>
}

/**
 * Writes the case list as an XLSX to `out`, page by page through ExcelJS's streaming writer: each
 * row is committed (serialised and handed to the zip) as soon as it is added, so memory holds one
 * page of cases whatever the number of rows. Resolves with the rows written once the file is whole.
 */
export async function writeCaseSheet(out: Writable, title: SheetTitle, rows: CaseRows): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  workbook.creator = 'Yiping 一屏'
  const sheet = workbook.addWorksheet('案件清单', {
    views: [{ state: 'frozen', ySplit: HEAD_ROWS, topLeftCell: `A${HEAD_ROWS + 1}`, activeCell: `A${HEAD_ROWS + 1}` }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  })
  sheet.columns = CASE_COLUMNS.map((c) => ({ width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }))
  const last = CASE_COLUMNS.length

  const heading = sheet.addRow([title.heading])
  heading.height = 26
  heading.getCell(1).font = { bold: true, size: 15 }
  heading.getCell(1).alignment = { vertical: 'middle' }
  const facts = sheet.addRow([title.facts])
  facts.height = 20
  facts.getCell(1).font = { size: 10, color: { argb: 'FF505A66' } }
  facts.getCell(1).alignment = { vertical: 'middle' }
  // Merged while the rows are still open: a committed row can no longer be touched.
  sheet.mergeCells(1, 1, 1, last)
  sheet.mergeCells(2, 1, 2, last)
  heading.commit()
  facts.commit()
  const header = sheet.addRow(CASE_COLUMNS.map((c) => c.header))
  header.height = 20
  header.eachCell((cell) => {
    cell.font = { bold: true }
    cell.fill = HEADER_FILL
    cell.alignment = { vertical: 'middle', horizontal: 'center' }
    cell.border = { bottom: THIN }
  })
  header.commit()
  sheet.autoFilter = { from: { row: HEAD_ROWS, column: 1 }, to: { row: HEAD_ROWS, column: last } }

  let written = 0
  for await (const page of rows.pages) {
    for (const { view, where } of page) sheet.addRow(CASE_COLUMNS.map((c) => c.value(view, where))).commit()
    written += page.length
    rows.progress?.(written)
    // The store and ExcelJS work synchronously, while the zip compresses on the thread pool: give
    // the event loop a turn per page (other requests, the compressor, the file or socket), then
    // wait while the destination is full, so neither the server nor the buffers stall on a big file.
    await new Promise((resolve) => setImmediate(resolve))
    await rows.drained?.()
  }
  // A blank row first, so Excel's filter and sort see the footer as outside the data.
  sheet.addRow([]).commit()
  const end = sheet.addRow([`共 ${formatCount(written)} 件（清单完）`])
  end.getCell(1).font = { bold: true }
  end.commit()
  sheet.commit()
  await workbook.commit()
  return written
}
