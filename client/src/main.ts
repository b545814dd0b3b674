// The entry is as small as it can be: the early dial (live/early.ts, with Socket.IO's client), so
// that a wall dials its socket once this much is fetched and evaluated, not after Vue and the whole
// app. The app (boot.ts) is a chunk of its own, fetched at the same time (index.html preloads it and
// its CSS, vite.config.ts) and evaluated after.
import './live/early'
import { earlyLineSettled } from './live/socket'

/**
 * A wall that dialled mounts once its line has connected (or failed), in the task that heard it:
 * the live store, made by the mount, then sends its subscribe at once, and the server computes the
 * first figures while the wall is rendered and laid out, instead of the handshake's turns waiting
 * for that work to end. Never later than this after the app is there (a slow server: the wall and
 * its 连接中 state show meanwhile, as before).
 */
const MOUNT_WAIT_MS = 250

void import('./boot').then(({ mount }) => earlyLineSettled(MOUNT_WAIT_MS).then(mount))
