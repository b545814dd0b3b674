import fs from 'node:fs'
import { createRequire } from 'node:module'

/**
 * Noto Sans SC (SIL Open Font License) as whole TrueType files from the npm package
 * @expo-google-fonts/noto-sans-sc, so a fresh `npm ci` is all a machine needs. PDFKit embeds only
 * the glyphs a document uses (a subset of a few dozen kB), never the 10 MB file.
 */
const require = createRequire(import.meta.url)
const FILES = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const

/** Names the documents register the fonts under. */
export const FONT = { regular: 'NotoSansSC', bold: 'NotoSansSC-Bold' } as const

let loaded: { regular: Buffer; bold: Buffer } | null = null

/** The font files, read once per process. */
export function fontFiles(): { regular: Buffer; bold: Buffer } {
  loaded ??= { regular: fs.readFileSync(require.resolve(FILES.regular)), bold: fs.readFileSync(require.resolve(FILES.bold)) }
  return loaded
}
