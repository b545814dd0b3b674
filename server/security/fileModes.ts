/**
 * The data directory holds reporters' names and phones (the database) and the deployment's maps:
 * readable by the server's own user only. Files are created with their mode (never widened, then
 * narrowed), and what an older version left wider is narrowed at start-up.
 */
import fs from 'node:fs'
import path from 'node:path'

export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

// Windows has no POSIX modes: chmod there only toggles read-only.
const POSIX = process.platform !== 'win32'

/** chmod when the mode differs; a path owned by another user is reported, not fatal (the operator chose it). */
function narrow(target: string, mode: number): void {
  if (!POSIX) return
  const stat = fs.statSync(target)
  if ((stat.mode & 0o777) === mode) return
  try {
    fs.chmodSync(target, mode)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err
    process.emitWarning(`${target} has mode ${(stat.mode & 0o777).toString(8)} and this user may not change it to ${mode.toString(8)}`, 'YipingFileMode')
  }
}

/** The directory exists with mode 0700 (created so, or narrowed). */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  narrow(dir, PRIVATE_DIR_MODE)
}

/** The file exists with mode 0600: created empty with that mode when missing, else narrowed. */
export function ensurePrivateFile(file: string): void {
  // 'a' creates without truncating; the mode applies only when it creates.
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE))
  narrow(file, PRIVATE_FILE_MODE)
}

/** Narrow a file to 0600 if it exists (SQLite's -wal/-shm, an older version's imports). */
export function narrowIfPresent(file: string, mode = PRIVATE_FILE_MODE): void {
  try {
    narrow(file, mode)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
}

/** A directory tree the server alone reads: directories 0700, files 0600. */
export function narrowTree(dir: string): void {
  if (!fs.existsSync(dir)) return
  narrow(dir, PRIVATE_DIR_MODE)
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) narrowTree(full)
    else if (entry.isFile()) narrowIfPresent(full)
  }
}
