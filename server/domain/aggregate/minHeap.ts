/** A binary min-heap of (time, key): the deadline index. Stale entries are allowed and skipped by the caller. */
export class MinHeap {
  private times: number[] = []
  private keys: string[] = []

  get size(): number {
    return this.times.length
  }

  peekTime(): number | undefined {
    return this.times[0]
  }

  push(time: number, key: string): void {
    const t = this.times
    const k = this.keys
    let i = t.length
    t.push(time)
    k.push(key)
    while (i > 0) {
      const p = (i - 1) >> 1
      if (t[p]! <= time) break
      t[i] = t[p]!
      k[i] = k[p]!
      i = p
    }
    t[i] = time
    k[i] = key
  }

  pop(): { time: number; key: string } | undefined {
    const t = this.times
    const k = this.keys
    if (t.length === 0) return undefined
    const top = { time: t[0]!, key: k[0]! }
    const lastT = t.pop()!
    const lastK = k.pop()!
    if (t.length > 0) {
      let i = 0
      const n = t.length
      for (;;) {
        const l = 2 * i + 1
        if (l >= n) break
        const r = l + 1
        const c = r < n && t[r]! < t[l]! ? r : l
        if (t[c]! >= lastT) break
        t[i] = t[c]!
        k[i] = k[c]!
        i = c
      }
      t[i] = lastT
      k[i] = lastK
    }
    return top
  }

  clear(): void {
    this.times = []
    this.keys = []
  }
}
