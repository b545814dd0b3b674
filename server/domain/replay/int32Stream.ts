/** A growing run of int32 (a snapshot's binary part), written in order. */
export class Int32Writer {
  private buf = new Int32Array(1 << 16)
  private n = 0

  push(v: number): void {
    if (this.n === this.buf.length) {
      const next = new Int32Array(this.buf.length * 2)
      next.set(this.buf)
      this.buf = next
    }
    this.buf[this.n++] = v
  }

  /** Start again from empty (the buffer is kept). */
  reset(): void {
    this.n = 0
  }

  /** How many have been written: the position of the next. */
  get length(): number {
    return this.n
  }

  /** A place to fill in later (a count known only after what it counts). */
  hole(): number {
    this.push(0)
    return this.n - 1
  }

  fill(at: number, v: number): void {
    this.buf[at] = v
  }

  /** The bytes written, little-endian (every platform Node runs on). */
  bytes(): Buffer {
    return Buffer.from(this.buf.buffer, this.buf.byteOffset, this.n * 4)
  }
}

/** The same run (or its part [start, end)) read back in order. */
export class Int32Reader {
  private p: number

  constructor(
    private readonly data: Int32Array,
    start = 0,
    private readonly end = data.length,
  ) {
    this.p = start
  }

  next(): number {
    if (this.p >= this.end) throw new Error('snapshot: the binary part ends early')
    return this.data[this.p++]!
  }

  get done(): boolean {
    return this.p === this.end
  }
}
