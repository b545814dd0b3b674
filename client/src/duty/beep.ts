/**
 * A short two-tone beep made with WebAudio (no sound file to ship or fetch). The context is made
 * on first use and resumed if the browser suspended it; a browser that will not play (no user
 * gesture yet, no audio device) simply stays silent.
 */
let ctx: AudioContext | null = null

export function beep(): void {
  try {
    ctx ??= new AudioContext()
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined)
    const start = ctx.currentTime + 0.02
    for (const [i, freq] of [880, 660].entries()) {
      const osc = ctx.createOscillator()
      const gain = ctx.createGain()
      osc.type = 'sine'
      osc.frequency.value = freq
      const t = start + i * 0.22
      gain.gain.setValueAtTime(0.0001, t)
      gain.gain.exponentialRampToValueAtTime(0.25, t + 0.02)
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.18)
      osc.connect(gain).connect(ctx.destination)
      osc.start(t)
      osc.stop(t + 0.2)
    }
  } catch {
    // No audio here: the popup alone must do.
  }
}
