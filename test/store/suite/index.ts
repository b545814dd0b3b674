import { afterEach, beforeEach, describe } from 'vitest'
import { caseTests } from './cases'
import type { StoreFactory, StoreFixture } from './context'
import { deskTests } from './desk'
import { dutyTests } from './duty'
import { logTests } from './log'
import { mapTests } from './maps'
import { playlistTests } from './playlists'

export type { StoreFactory, StoreFixture } from './context'

/**
 * The behaviour every store must have, written once (keyv's test-suite pattern): each store's test
 * file calls this with a factory of fresh stores on its real backend. Whatever the app relies on
 * is here; a second store that passes it can stand in for the first.
 */
export function storeSuite(factory: StoreFactory) {
  describe(`store: ${factory.name}`, () => {
    let current: StoreFixture | undefined
    beforeEach(async () => {
      current = await factory.create()
    })
    afterEach(async () => {
      await current?.dispose()
      current = undefined
    })
    const fixture = () => current!
    describe('the log', () => logTests(fixture))
    describe('cases, risks and regions', () => caseTests(fixture))
    describe('alarms and audit', () => dutyTests(fixture))
    describe('the duty desk: log, roster, handovers', () => deskTests(fixture))
    describe('imported maps', () => mapTests(fixture))
    describe('the walls’ playlists', () => playlistTests(fixture))
  })
}
