/**
 * Names of walls for presenter mode (`/?wall=NAME`) and their rooms. No imports, so the wall's
 * chunk reads it without pulling in any schema.
 */
export const WALL_NAME = '^[A-Za-z0-9_-]{1,40}$'
const NAME = new RegExp(WALL_NAME)
export const isWallName = (s: unknown): s is string => typeof s === 'string' && NAME.test(s)

/** One room per wall name: every screen showing it, on any node (the adapter carries the room). */
const ROOM = 'wall:'
export const wallRoom = (name: string) => `${ROOM}${name}`
/** The wall name of a room, or null for any other room. */
export const wallOfRoom = (room: string): string | null => (room.startsWith(ROOM) ? room.slice(ROOM.length) : null)
