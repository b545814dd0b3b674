/**
 * `npx tsx scripts/assets/linkBeat.ts`: writes client/src/layout/linkBeat.png, the title bar's
 * live dot beating as an animated PNG (the green of `--green`, its opacity 1 → 0.35 → 1 over 2 s,
 * ease-in-out each way, as the CSS keyframes `beat` drew it). An animated image is advanced by
 * the compositor; a CSS animation, even of opacity, had Blink restyle the dot on the main thread
 * in every frame the page drew.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'

const SIZE = 32
const FRAMES = 40
const PERIOD_MS = 2000
const RGB = [0x3e, 0xcf, 0x8e] as const
const LOW = 0.35

/** CSS `ease-in-out` (cubic-bezier(0.42, 0, 0.58, 1)) at progress x. */
function easeInOut(x: number): number {
  const bez = (t: number, a: number, b: number) => 3 * a * t * (1 - t) ** 2 + 3 * b * t * t * (1 - t) + t ** 3
  let lo = 0
  let hi = 1
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2
    if (bez(mid, 0.42, 0.58) < x) lo = mid
    else hi = mid
  }
  return bez((lo + hi) / 2, 0, 1)
}

function opacityAt(phase: number): number {
  const half = phase < 0.5 ? phase * 2 : (phase - 0.5) * 2
  const e = easeInOut(half)
  return phase < 0.5 ? 1 + (LOW - 1) * e : LOW + (1 - LOW) * e
}

/** A disc filling the square, its edge anti-aliased by 4×4 supersampling; RGBA rows with PNG's filter byte. */
function frame(opacity: number): Buffer {
  const row = 1 + SIZE * 4
  const out = Buffer.alloc(row * SIZE)
  const r = SIZE / 2
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let inside = 0
      for (let sy = 0; sy < 4; sy++)
        for (let sx = 0; sx < 4; sx++) {
          const dx = x + (sx + 0.5) / 4 - r
          const dy = y + (sy + 0.5) / 4 - r
          if (dx * dx + dy * dy <= r * r) inside++
        }
      const o = y * row + 1 + x * 4
      out[o] = RGB[0]
      out[o + 1] = RGB[1]
      out[o + 2] = RGB[2]
      out[o + 3] = Math.round((inside / 16) * opacity * 255)
    }
  }
  return out
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(data, zlib.crc32(head.subarray(4))), 0)
  return Buffer.concat([head, data, crc])
}
const u32 = (...n: number[]) => Buffer.concat(n.map((v) => { const b = Buffer.alloc(4); b.writeUInt32BE(v, 0); return b }))
const u16 = (...n: number[]) => Buffer.concat(n.map((v) => { const b = Buffer.alloc(2); b.writeUInt16BE(v, 0); return b }))

const parts: Buffer[] = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])]
parts.push(chunk('IHDR', Buffer.concat([u32(SIZE, SIZE), Buffer.from([8, 6, 0, 0, 0])])))
parts.push(chunk('acTL', u32(FRAMES, 0)))
let seq = 0
for (let i = 0; i < FRAMES; i++) {
  // fcTL: sequence, size, offset, delay (ms / 1000), dispose none, blend source (each frame replaces the last).
  parts.push(chunk('fcTL', Buffer.concat([u32(seq++, SIZE, SIZE, 0, 0), u16(PERIOD_MS / FRAMES, 1000), Buffer.from([0, 0])])))
  const data = zlib.deflateSync(frame(opacityAt(i / FRAMES)), { level: 9 })
  parts.push(i === 0 ? chunk('IDAT', data) : chunk('fdAT', Buffer.concat([u32(seq++), data])))
}
parts.push(chunk('IEND', Buffer.alloc(0)))
const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../client/src/layout/linkBeat.png')
fs.writeFileSync(file, Buffer.concat(parts))
process.stdout.write(`${file}: ${fs.statSync(file).size} bytes\n`)
