/**
 * One progress line on stderr: rewritten in place on a terminal, printed at most every few seconds
 * otherwise (a log file of a background run stays readable).
 */
export class Progress {
  private readonly started = performance.now()
  private lastPrinted = 0
  private phase = ''
  private readonly tty = process.stderr.isTTY === true

  setPhase(phase: string): void {
    this.phase = phase
    this.update('', true)
  }

  update(detail: string, force = false): void {
    const now = performance.now()
    if (!force && now - this.lastPrinted < (this.tty ? 200 : 3000)) return
    this.lastPrinted = now
    const elapsed = ((now - this.started) / 1000).toFixed(0).padStart(4)
    const line = `[bench ${elapsed}s] ${this.phase}${detail ? `: ${detail}` : ''}`
    if (this.tty) process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 120) - 1)}`)
    else process.stderr.write(`${line}\n`)
  }

  /** A line that stays (warnings, finished steps). */
  note(text: string): void {
    if (this.tty) process.stderr.write('\r\x1b[2K')
    process.stderr.write(`${text}\n`)
    this.lastPrinted = 0
  }

  done(): void {
    if (this.tty) process.stderr.write('\r\x1b[2K')
  }
}

export const progress = new Progress()
