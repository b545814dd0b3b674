// A worker thread starts without its parent's TypeScript loader (vitest's, for one): tsx's loader
// is registered for this thread here, then the worker's TypeScript is imported.
import { register } from 'tsx/esm/api'

register()
await import('./snapshotWorker.ts')
