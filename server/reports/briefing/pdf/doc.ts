import PDFDocument from 'pdfkit'
import { FONT, fontFiles } from './fonts'

/** A4 in points, and the calm palette of an official paper: dark text, one red, greys. */
export const PAGE = { width: 595.28, height: 841.89, left: 54, right: 54, top: 54, bottom: 62 } as const
export const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right
export const COLOR = {
  text: '#1f2328',
  muted: '#5b6472',
  faint: '#8a93a0',
  line: '#c8cfd8',
  fill: '#eef2f6',
  zebra: '#f7f9fb',
  red: '#b3261e',
  better: '#1b7a3a',
  worse: '#c0281f',
  accent: '#2f5d8a',
} as const

export type Doc = PDFKit.PDFDocument

/** A document with the CJK fonts registered, pages kept until the end (for "第 n 页 / 共 m 页"). */
export function createDoc(info: { title: string; subject: string }): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
    bufferPages: true,
    info: { Title: info.title, Subject: info.subject, Creator: 'Yiping 一屏', Producer: 'Yiping 一屏' },
    lang: 'zh-CN',
    displayTitle: true,
  })
  const fonts = fontFiles()
  doc.registerFont(FONT.regular, fonts.regular)
  doc.registerFont(FONT.bold, fonts.bold)
  doc.font(FONT.regular).fillColor(COLOR.text)
  return doc
}

/**
 * The writing position down the page. `room(h)` starts a new page when less than `h` points are
 * left, so a block (a heading with its first rows, a chart) never splits across pages.
 */
export class Flow {
  y: number = PAGE.top
  /** Called after a page break, with the flow at the top of the new page (running header). */
  onPage: (() => void) | null = null

  constructor(readonly doc: Doc) {}

  get bottom(): number {
    return PAGE.height - PAGE.bottom
  }

  room(h: number): void {
    if (this.y + h <= this.bottom) return
    this.doc.addPage()
    this.y = PAGE.top
    this.onPage?.()
  }

  gap(h: number): void {
    this.y += h
  }
}

/** Text cut to `width` with an ellipsis (the font and size must already be set). */
export function fit(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text
  const chars = Array.from(text)
  while (chars.length > 1 && doc.widthOfString(`${chars.join('')}…`) > width) chars.pop()
  return `${chars.join('')}…`
}
