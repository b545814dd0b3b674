interface Entry<T> {
  at: number
  seq: number
  event: T
}

/**
 * A min-heap of planned events by time, ties broken by insertion order: a case's events are
 * planned ahead of time and must come out interleaved with every other case's, in order.
 */
export class EventQueue<T> {
  private heap: Array<Entry<T>> = []
  private seq = 0

  get size(): number {
    return this.heap.length
  }

  push(at: number, event: T): void {
    const h = this.heap
    h.push({ at, seq: this.seq++, event })
    let i = h.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!less(h[i]!, h[p]!)) break
      ;[h[i], h[p]] = [h[p]!, h[i]!]
      i = p
    }
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekAt(): number {
    return this.heap[0]?.at ?? Infinity
  }

  pop(): T | undefined {
    const h = this.heap
    const top = h[0]
    if (!top) return undefined
    const last = h.pop()!
    if (h.length > 0) {
      h[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < h.length && less(h[l]!, h[m]!)) m = l
        if (r < h.length && less(h[r]!, h[m]!)) m = r
        if (m === i) break
        ;[h[i], h[m]] = [h[m]!, h[i]!]
        i = m
      }
    }
    return top.event
  }
}

function less<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq)
}
