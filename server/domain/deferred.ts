/**
 * Changes queued for a snapshot's figures not decoded yet (a replay decodes what it reads), at most:
 * past it they are decoded and the queue applied. A kept replay moved forward for hours (play ×600)
 * would otherwise hold a closure per event for every region and page nobody reads. Decoding one
 * region's figures costs less than applying this many changes.
 */
export const DEFERRED_CHANGES_MAX = 10_000
