/**
 * How to lay `n` cards into a `width` × `height` box: the column count whose cards are largest
 * when each must hold a card of about `aspect` (width / height). Pure, so the choice is the
 * same for every size and easy to reason about: 24 towns on a 16:9 centre → 6 × 4, 2 cities → 2 × 1.
 */
export function cardGrid(n: number, width: number, height: number, gap: number, aspect = 1.7): { cols: number; rows: number } {
  if (n <= 0 || width <= 0 || height <= 0) return { cols: 1, rows: 1 }
  let best = { cols: 1, rows: n, score: -1 }
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols)
    const w = (width - gap * (cols - 1)) / cols
    const h = (height - gap * (rows - 1)) / rows
    if (w <= 0 || h <= 0) continue
    // The largest card of the wanted shape that fits the cell; a few empty cells cost a little.
    const fit = Math.min(w, h * aspect)
    const score = fit * (1 - 0.02 * (cols * rows - n))
    if (score > best.score) best = { cols, rows, score }
  }
  return { cols: best.cols, rows: best.rows }
}
