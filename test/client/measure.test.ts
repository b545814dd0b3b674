import { describe, expect, it } from 'vitest'
import { rotatingMeasurer, type MeasuringContext } from '../../client/src/charts/measure'

/** A measuring context that records what it was asked: widths are 10 per character. */
function fakeContext(log: string[]): MeasuringContext {
  let font = ''
  return {
    get font() {
      return font
    },
    set font(f: string) {
      font = f
      log.push(`font ${f}`)
    },
    measureText(text: string) {
      log.push(`measure ${text}`)
      return { width: 10 * text.length } as TextMetrics
    },
  }
}

/** Chromium keeps every string measured on a canvas that never draws a frame: the canvas must be replaced. */
describe('rotatingMeasurer', () => {
  it('measures on one canvas until `every` strings, then on a new one', () => {
    const logs: string[][] = []
    const measure = rotatingMeasurer(() => fakeContext(logs[logs.push([]) - 1]!), 3)
    for (const text of ['1,203', '1,204', '96.5%', '1,205', '1,206']) expect(measure(text, '14px sans-serif').width).toBe(10 * text.length)
    expect(logs).toEqual([
      ['font 14px sans-serif', 'measure 1,203', 'measure 1,204', 'measure 96.5%'],
      ['font 14px sans-serif', 'measure 1,205', 'measure 1,206'],
    ])
  })

  it('sets the font only when it changes, and the default font when none is given', () => {
    const log: string[] = []
    const measure = rotatingMeasurer(() => fakeContext(log), 100)
    measure('a', '12px serif')
    measure('b', '12px serif')
    measure('c', 'bold 16px sans-serif')
    measure('d')
    expect(log).toEqual(['font 12px serif', 'measure a', 'measure b', 'font bold 16px sans-serif', 'measure c', 'font 12px sans-serif', 'measure d'])
  })

  it('estimates one font size per character without a canvas', () => {
    const measure = rotatingMeasurer(() => null)
    expect(measure('1,234', '20px sans-serif').width).toBe(100)
    expect(measure('国', undefined).width).toBe(12)
  })
})
