import type { AccessStore } from '../store/access'
import type { KeyPrincipal } from './principal'
import { newId, newSecret, secretHash } from './secrets'
import type { IngestKeyRecord } from './types'

/** The key of YIPING_INGEST_KEY is stored under this name; a changed variable replaces it. */
export const ENV_KEY_NAME = 'env'
const TOUCH_EVERY_MS = 60_000

/** Integrators' ingest keys: created (shown once), looked up by the hash of the secret, revoked. */
export function createIngestKeys(deps: { access: AccessStore; clock: () => number }) {
  const { access, clock } = deps

  async function create(name: string, scope: string | null, createdBy: string | null, secret = newSecret('yk')) {
    const record: IngestKeyRecord = { id: newId(), keyHash: secretHash(secret), name, scope, createdAt: clock(), createdBy, lastUsedAt: null }
    await access.saveIngestKey(record)
    return { key: secret, record }
  }

  return {
    create,
    /** The key behind an `Authorization: Bearer` value; null when there is none (or it was revoked). */
    async principal(secret: string | undefined): Promise<KeyPrincipal | null> {
      if (!secret) return null
      const k = await access.findIngestKey(secretHash(secret))
      if (!k) return null
      const now = clock()
      if (k.lastUsedAt === null || now - k.lastUsedAt >= TOUCH_EVERY_MS) await access.touchIngestKey(k.id, now)
      return { keyId: k.id, name: k.name, scope: k.scope }
    },
    /**
     * Makes the configured key the one `env` key: stored if new, and every older `env` key (from
     * a previous value of the variable) deleted, so it stops working. Answers the ids deleted.
     */
    async adoptEnvKey(secret: string): Promise<string[]> {
      const hash = secretHash(secret)
      if (!(await access.findIngestKey(hash))) await create(ENV_KEY_NAME, null, null, secret)
      return access.deleteIngestKeysNamed(ENV_KEY_NAME, hash)
    },
  }
}
export type IngestKeys = ReturnType<typeof createIngestKeys>
