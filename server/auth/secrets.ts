import { hash as digest, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const scryptAsync = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  )

// scrypt with N=2^15, r=8 (OWASP's minimum is 2^17 with p=1 for interactive use; 2^15 keeps a login
// near 50 ms on a 2-core box while staying far out of reach of GPU guessing of a leaked file).
const PARAMS = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }

/** `scrypt$N$r$p$salt$hash`, all base64url: the parameters travel with the hash so they can rise later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scryptAsync(password, salt, 32, PARAMS)
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  })
  return timingSafeEqual(key, expected)
}

/** Tokens and ingest keys are 256-bit random strings; only their SHA-256 is stored. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`
}

/** Asked on every authenticated request: the one-shot digest, not a Hash stream object per call. */
export function secretHash(secret: string): string {
  return digest('sha256', secret, 'hex')
}

export function newPassword(): string {
  return randomBytes(12).toString('base64url')
}

/** Public handles of tokens and ingest keys (listing, revocation): random, unrelated to the secret. */
export function newId(): string {
  return randomBytes(12).toString('base64url')
}

/**
 * A hash of a password nobody knows, with the same parameters as real ones: an unknown username is
 * checked against it, so it takes as long to refuse as a known one with a wrong password.
 */
let dummy: Promise<string> | undefined
export const dummyPasswordHash = (): Promise<string> => (dummy ??= hashPassword(newPassword()))
