import { describe, expect, it } from 'vitest'
import { Aggregator } from '../../../server/domain/aggregate/aggregator'
import { demoRegions } from '../../../server/demo/regions'
import { decodeSnapshot, decodeSnapshotDeferred, encodeSnapshot } from '../../../server/domain/replay/snapshotCodec'
import { CHUNK_CASES, decodeOpenCases, EncodedOpenCases, encodeOpenCases } from '../../../server/domain/replay/openCasesCodec'
import { applyTail } from '../../../server/domain/replay/tail'
import type { LoggedBatch, LoggedEvent } from '../../../server/store/types'
import type { YipingEvent } from '../../../shared/events/schema'
import { RegionTree } from '../../../shared/regions/tree'
import { shanghaiDay } from '../../../shared/time/shanghai'
import { redIds } from '../../helpers/aggregator'
import { followedUp, reported, resolved, stage, T0, urged } from '../../helpers/events'

const H = 3600_000
const D = 24 * H
const tree = new RegionTree(demoRegions())
const villages = tree.list().filter((r) => r.level === 'village').map((r) => r.code)

/** A deterministic stream of case events over a few weeks, in batches of `size`. */
function stream(cases: number, size: number, seed: number): YipingEvent[][] {
  let a = seed
  const rnd = () => ((a = (Math.imul(a, 1103515245) + 12345) >>> 0) / 2 ** 32)
  const events: Array<{ at: number; e: YipingEvent }> = []
  for (let i = 0; i < cases; i++) {
    const id = `S${seed}-${i}`
    const at = T0 + Math.floor(rnd() * 20 * D)
    const region = villages[Math.floor(rnd() * villages.length)]!
    const r = rnd()
    // Petitions (some 积案 with a 包案领导, some 越级), fraud with a loss, a unit and a reporter: every themed tally and nested field.
    const extra =
      r < 0.2
        ? { category: '劳动争议', source: 'petition' as const, visit: rnd() < 0.5 ? ('first' as const) : ('repeat' as const), overLevel: rnd() < 0.3 }
        : r < 0.3
          ? { category: '劳动争议', source: 'petition' as const, backlogLevel: 'municipal' as const, caseLeader: '王局长', clearBy: new Date(at + 30 * D).toISOString() }
          : r < 0.4
            ? { category: '电信诈骗', fraudType: 'rebate' as const, loss: Math.round(rnd() * 100_000) / 100, unit: '城管', reporter: { name: '张三', phone: '13800000000' } }
            : {}
    events.push({ at, e: reported(id, region, at, extra) })
    if (rnd() < 0.7) events.push({ at: at + H, e: stage(id, 'assign', at + H) })
    if (rnd() < 0.3) events.push({ at: at + 2 * H, e: urged(id, at + 2 * H) })
    if (rnd() < 0.6) {
      events.push({ at: at + 3 * H, e: resolved(id, rnd() < 0.5 ? 'grid' : 'town', at + 3 * H) })
      if (rnd() < 0.5) events.push({ at: at + 5 * H, e: followedUp(id, 'satisfied', at + 5 * H) })
    }
  }
  events.sort((x, y) => x.at - y.at)
  const out: YipingEvent[][] = []
  for (let i = 0; i < events.length; i += size) out.push(events.slice(i, i + size).map((x) => x.e))
  return out
}

/** Feed batches to an aggregator as the log would (positions after its own), its clock at each batch's last event. */
async function feed(agg: Aggregator, clock: { at: number }, batches: YipingEvent[][], history: LoggedEvent[]): Promise<void> {
  for (const events of batches) {
    const firstSeq = agg.seq + 1
    const logged: LoggedEvent[] = events.map((event, i) => ({ seq: firstSeq + i, id: event.id, type: event.type, at: Date.parse(event.at), event }))
    clock.at = Math.max(clock.at, ...logged.map((l) => l.at)) + 60_000
    const batch: LoggedBatch = { seq: firstSeq + events.length - 1, firstSeq, committedAt: clock.at, nodeId: 'test', origin: { keyId: null, actor: null } as never, events: logged }
    await applyTail(agg, [batch], async (subjects, maxSeq) => history.filter((l) => l.seq <= maxSeq && subjects.includes((l.event as { caseId: string }).caseId)), { tree })
    history.push(...logged)
    agg.tick()
  }
}

const fresh = (clock: { at: number }) => new Aggregator(tree, () => clock.at)

/**
 * A live aggregator fed the first ten batches of a stream (600 cases, batches of 40) and its
 * snapshot: the body, its instant, the log up to it; the live aggregator, its clock and its log go on.
 */
async function snapshotAfterTen(seed: number) {
  const whole = { at: T0 }
  const live = fresh(whole)
  const history: LoggedEvent[] = []
  const batches = stream(600, 40, seed)
  await feed(live, whole, batches.slice(0, 10), history)
  const body = await encodeSnapshot(live.dump())
  return { live, whole, history, batches, body, at: whole.at, snapshotHistory: [...history] }
}

describe('snapshot codec', () => {
  it('gives back exactly the dump it was given, and refuses a body cut short', async () => {
    const clock = { at: T0 }
    const agg = fresh(clock)
    await feed(agg, clock, stream(400, 50, 1), [])
    const dump = agg.dump()
    expect(dump.watched.length).toBeGreaterThan(0)
    expect(dump.days.cases.length).toBeGreaterThan(10)
    const body = await encodeSnapshot(dump)
    expect(await decodeSnapshot(body)).toEqual(dump)
    await expect(decodeSnapshot(body.subarray(0, body.length - 3))).rejects.toThrow(/snapshot/)
  })

  it('a replay restored region by region on demand counts exactly like one restored at once, after more batches, the clock and pruning', async () => {
    const clock = { at: T0 }
    const agg = fresh(clock)
    const history: LoggedEvent[] = []
    const batches = stream(600, 40, 2)
    await feed(agg, clock, batches.slice(0, 10), history)
    const body = await encodeSnapshot(agg.dump())
    const at = clock.at

    const eager = { at }
    const deferred = { at }
    const a = fresh(eager)
    const b = fresh(deferred)
    a.restore(await decodeSnapshot(body), at)
    b.restore(await decodeSnapshotDeferred(body), at)
    // One region read before the rest of the log comes in (it is decoded then), the others after.
    const root = tree.list().find((r) => r.parent === null)!.code
    expect(b.summary(root)).toEqual(a.summary(root))
    await feed(a, eager, batches.slice(10), [...history])
    await feed(b, deferred, batches.slice(10), [...history])
    for (const x of [eager, deferred]) x.at += 3 * D
    a.tick()
    b.tick()
    a.pruneActivity()
    b.pruneActivity()
    for (const code of [root, ...tree.list().filter((r) => r.level !== 'village').map((r) => r.code), villages[0]!, villages[7]!]) {
      expect(b.summary(code, T0 - D, T0 + 30 * D), code).toEqual(a.summary(code, T0 - D, T0 + 30 * D))
      expect(b.activityOf(code), code).toEqual(a.activityOf(code))
    }
    // The themed pages' tallies, decoded at the first read with the changes queued since applied.
    const range = { start: shanghaiDay(T0 - D), end: shanghaiDay(T0 + 30 * D) }
    expect(b.themes.petitionPage(root, range, deferred.at)).toEqual(a.themes.petitionPage(root, range, eager.at))
    expect(a.themes.petitionPage(root, range, eager.at).openBacklog.total).toBeGreaterThan(0)
    expect(b.themes.safetyPage(root, range)).toEqual(a.themes.safetyPage(root, range))
    expect(b.themes.children('petition', root, range)).toEqual(a.themes.children('petition', root, range))
    // And everything else: the dump decodes every region left, with the changes queued for it.
    expect(b.dump()).toEqual(a.dump())
    expect(b.snapshot()).toEqual(a.snapshot())
  })

  it('restores the unresolved cases lazily: decodes only those the tail or the clock up to T moves, and counts exactly as the whole log at T', async () => {
    const { live, whole, history, batches, body, at, snapshotHistory } = await snapshotAfterTen(3)
    await feed(live, whole, batches.slice(10, 14), history)
    const tailIds = new Set(batches.slice(10, 14).flat().map((e) => (e as { caseId: string }).caseId))

    for (const later of [H, 3 * D, 40 * D]) {
      const T = whole.at + later
      const clock = { at }
      const agg = fresh(clock)
      const dump = await decodeSnapshotDeferred(body)
      const open = dump.watched
      expect(open.at).toBe(at)
      let reads = 0
      const read = new Set<string>()
      const counted = { ...dump, watched: { count: open.count, at: open.at, id: (i: number) => open.id(i), look: (i: number) => open.look(i), byLookAt: (k: number) => open.byLookAt(k), find: (id: string) => open.find(id), all: () => open.all(), read: (i: number) => (reads++, read.add(open.id(i)), open.read(i)) } }
      agg.restore(counted, at)
      await feed(agg, clock, batches.slice(10, 14), [...snapshotHistory])
      clock.at = T
      agg.tick()
      agg.pruneActivity()
      const reference = fresh({ at: T })
      await feed(reference, { at: T0 }, batches.slice(0, 14), [])
      ;(reference as unknown as { now: () => number }).now = () => T
      reference.tick()
      reference.pruneActivity()
      // What a replay at T needed: the cases the tail touched and those whose clock changed by T, each once, and no other.
      const ids = Array.from({ length: open.count }, (_, i) => open.id(i))
      const due = ids.filter((_, i) => open.look(i) !== null && open.look(i)! <= T)
      expect(ids.filter((id) => tailIds.has(id)).length).toBeGreaterThan(0)
      if (later === H) expect(ids.length - due.length).toBeGreaterThan(0)
      expect(due.length).toBeGreaterThan(0)
      expect(reads).toBe(read.size)
      for (const id of read) expect(tailIds.has(id) || due.includes(id), id).toBe(true)
      for (const id of due) expect(read.has(id), id).toBe(true)
      expect(agg.watchedCount).toBe(reference.watchedCount)
      for (const code of [...tree.list().filter((r) => r.level !== 'village').map((r) => r.code), villages[0]!, villages[7]!]) {
        expect(agg.summary(code, T0 - D, T0 + 60 * D), code).toEqual(reference.summary(code, T0 - D, T0 + 60 * D))
      }
      expect(agg.snapshot()).toEqual(reference.snapshot())
      const root = tree.list().find((r) => r.parent === null)!.code
      const range = { start: shanghaiDay(T0 - D), end: shanghaiDay(T0 + 60 * D) }
      // The units' and the petitions' open cases, decoded at their first read.
      const byUnit = (a: Aggregator) => a.units.figures(root, range, T).sort((x, y) => x.unit.localeCompare(y.unit))
      expect(byUnit(agg)).toEqual(byUnit(reference))
      expect(agg.themes.petitionPage(root, range, T)).toEqual(reference.themes.petitionPage(root, range, T))
      const red = async (a: Aggregator) => (await redIds(a)).sort()
      expect(await red(agg)).toEqual(await red(reference))
      expect(reads).toBe(read.size)
      // Every case decoded for the dump, in the order an eager restore keeps them.
      const eager = fresh({ at })
      eager.restore(await decodeSnapshot(body), at)
      await feed(eager, { at }, batches.slice(10, 14), [...snapshotHistory])
      ;(eager as unknown as { now: () => number }).now = () => T
      eager.tick()
      expect(agg.dump().watched).toEqual(eager.dump().watched)
    }
  })

  it('decodes a lazy restore in slices (a live server after a restart) into exactly what an eager restore holds, ingest going on between slices, the units and petitions sharing the decoded cases', async () => {
    const { batches, body, at, snapshotHistory } = await snapshotAfterTen(5)
    const clock = { at }
    const agg = fresh(clock)
    agg.restore(await decodeSnapshotDeferred(body), at)
    const history = [...snapshotHistory]
    await feed(agg, clock, batches.slice(10, 12), history)
    const eagerClock = { at }
    const eager = fresh(eagerClock)
    eager.restore(await decodeSnapshot(body), at)
    const eagerHistory = [...snapshotHistory]
    await feed(eager, eagerClock, batches.slice(10, 12), eagerHistory)
    expect(agg.encodedCount).toBeGreaterThan(7)
    // The snapshot's last case still unresolved, far from the drain's first slices: resolved, then
    // reopened before the drain reaches it (an eager restore then has it among the cases since).
    const snapshotIds = (await decodeSnapshot(body)).watched.map((w) => w.state.id)
    const reopened = snapshotIds.findLast((id) => eager.watchedState(id) !== undefined)!
    const later = (k: number) => clock.at + k * 60_000
    const between: YipingEvent[][] = [batches[12]!, [resolved(reopened, 'grid', later(1))], batches[13]!, [stage(reopened, 'handle', later(3))], batches[14]!]
    // Slices between batches and ticks of the clock, as on a live server.
    let slices = 0
    while (agg.decodeSome(7)) {
      const batch = between[slices++]
      if (batch) {
        await feed(agg, clock, [batch], history)
        await feed(eager, eagerClock, [batch], eagerHistory)
      }
      clock.at += H
      eagerClock.at = clock.at
      agg.tick()
      eager.tick()
    }
    expect(slices).toBeGreaterThan(between.length)
    expect(agg.encodedCount).toBe(0)
    expect(agg.decodeSome(7)).toBe(false)
    expect(eager.watchedState(reopened)?.reopenCount).toBe(1)
    expect(agg.watchedCount).toBe(eager.watchedCount)
    expect(agg.dump().watched).toEqual(eager.dump().watched)
    expect(await redIds(agg)).toEqual(await redIds(eager))
    const root = tree.list().find((r) => r.parent === null)!.code
    const range = { start: shanghaiDay(T0 - D), end: shanghaiDay(T0 + 60 * D) }
    expect(agg.units.figures(root, range, clock.at)).toEqual(eager.units.figures(root, range, clock.at))
    expect(agg.themes.petitionPage(root, range, clock.at)).toEqual(eager.themes.petitionPage(root, range, clock.at))
    expect(agg.summary(root, T0 - D, T0 + 60 * D)).toEqual(eager.summary(root, T0 - D, T0 + 60 * D))
  })

  it('feeds the looks of a lazy restore to the clock in their order: one aggregator scrubbed forward step by step counts as the whole log at each step', async () => {
    const { history, batches, body, at, snapshotHistory } = await snapshotAfterTen(5)
    const dump = await decodeSnapshotDeferred(body)
    const open = dump.watched
    // The orders written with the index: looks ascending (the cases without one last), every id found at its place, an unknown one not.
    const looks = Array.from({ length: open.count }, (_, k) => open.look(open.byLookAt(k)) ?? Infinity)
    expect(looks.some((t) => t === Infinity) && looks.some((t) => t !== Infinity)).toBe(true)
    for (let k = 1; k < looks.length; k++) expect(looks[k]!).toBeGreaterThanOrEqual(looks[k - 1]!)
    expect(new Set(Array.from({ length: open.count }, (_, k) => open.byLookAt(k))).size).toBe(open.count)
    for (let i = 0; i < open.count; i++) expect(open.find(open.id(i))).toBe(i)
    expect(open.find('no such case')).toBe(-1)
    expect(open.find('')).toBe(-1)

    const clock = { at }
    const agg = fresh(clock)
    agg.restore(dump, at)
    expect(agg.nextWakeAt()).toBe(looks[0])
    await feed(agg, clock, batches.slice(10, 12), [...snapshotHistory])
    const reference = fresh({ at: T0 })
    const refClock = { at: T0 }
    ;(reference as unknown as { now: () => number }).now = () => refClock.at
    await feed(reference, refClock, batches.slice(0, 12), [])
    const root = tree.list().find((r) => r.parent === null)!.code
    // Forward in steps across many looks, some of them landing exactly on one.
    const finite = looks.filter((t) => t !== Infinity)
    const steps = [clock.at + H, finite[Math.floor(finite.length / 3)]!, finite[Math.floor(finite.length / 2)]! + 1, clock.at + 5 * D, clock.at + 40 * D]
    for (const T of steps.filter((t) => t > clock.at)) {
      clock.at = T
      refClock.at = T
      expect(agg.nextWakeAt()).toBe(reference.nextWakeAt())
      agg.tick()
      reference.tick()
      expect(agg.nextWakeAt(), String(T)).toBe(reference.nextWakeAt())
      expect(agg.watchedCount).toBe(reference.watchedCount)
      expect(agg.summary(root, T0 - D, T0 + 60 * D)).toEqual(reference.summary(root, T0 - D, T0 + 60 * D))
      expect(agg.snapshot()).toEqual(reference.snapshot())
    }
    // The rest of the log after the clock moved on, and its dump as the reference's.
    await feed(agg, clock, batches.slice(12, 14), [...history])
    await feed(reference, refClock, batches.slice(12, 14), [])
    expect(agg.snapshot()).toEqual(reference.snapshot())
    expect(agg.dump().watched.map((w) => w.state.id).sort()).toEqual(reference.dump().watched.map((w) => w.state.id).sort())
  })

  it('gives back the unresolved cases exactly as JSON did: key order, nested fields, nulls, undefined left out', async () => {
    const clock = { at: T0 }
    const agg = fresh(clock)
    await feed(agg, clock, stream(300, 50, 3), [])
    const watched = agg.dump().watched
    expect(watched.some((w) => w.state.theme?.caseLeader)).toBe(true)
    expect(watched.some((w) => w.state.reporter)).toBe(true)
    // Odd values a state could hold: what JSON makes of them is the reference.
    const odd = { ...watched[0]!.state, urgeCount: -0, handlingRegion: undefined, extra: { deep: [1, 'a', null, { x: 2.5 }] }, flag: true, off: false }
    const all = [...watched, { state: odd as never, applied: [0, 3, 3] }, { state: { id: 'bare' } as never, applied: [] }]
    const viaJson = JSON.parse(JSON.stringify(all)) as typeof all
    const decoded = decodeOpenCases(encodeOpenCases(all))
    expect(decoded).toEqual(viaJson)
    // The same keys in the same order (toEqual ignores order).
    expect(decoded.map((w) => Object.keys(w.state))).toEqual(viaJson.map((w) => Object.keys(w.state)))
    expect(() => decodeOpenCases(encodeOpenCases(all).subarray(0, 40))).toThrow(/snapshot/)
  })
  it('keeps the strings as UTF-8, each made when read: finds present and absent ids by their bytes, non-ASCII and lone surrogates included', () => {
    const ids = [
      'C-0001', 'C-0002', 'C-10', 'c-0001', '案-001', '案-002', '杭州-西湖-9', 'é', 'e\u0301', '\uFFFD', '\uE000x', '😀', '😀a', 'a\uD800', 'a\uFFFD', '\uDC00', '', 'Z',
    ]
    const watched = ids.map((id, i) => ({ state: { id, regionCode: i % 2 ? '区-一' : 'r2', title: `标题 ${id}`, tags: [id, 'x'] } as never, applied: [i, 0, 1] }))
    const viaJson = JSON.parse(JSON.stringify(watched)) as typeof watched
    const encoded = new EncodedOpenCases(encodeOpenCases(watched))
    expect(encoded.all()).toEqual(viaJson)
    ids.forEach((id, i) => {
      expect(encoded.id(i)).toBe(id)
      expect(encoded.find(id), JSON.stringify(id)).toBe(i)
    })
    for (const absent of ['C-0003', 'C-000', 'C-00010', '案', '案-0010', '😀b', 'a\uDBFF', 'a', '\uD800', 'é ', '~', '\u0000'])
      expect(encoded.find(absent), JSON.stringify(absent)).toBe(-1)
    // Many ids (the search's halving over thousands), each found where it is, none found that is not.
    const many = Array.from({ length: 5000 }, (_, i) => ({ state: { id: `${i % 3 ? '号' : 'N'}${(i * 7919) % 5000}` } as never, applied: [] }))
    const big = new EncodedOpenCases(encodeOpenCases(many))
    many.forEach((w, i) => expect(big.find((w.state as { id: string }).id)).toBe(i))
    expect(big.find('号5000')).toBe(-1)
    expect(big.find('N5000')).toBe(-1)
    expect(big.find('N')).toBe(-1)
  })

  it('finds ids through their fences exactly as a search of them all: a shared stem, ids ending inside or just past it, NULs, non-ASCII and lone surrogates', () => {
    // Ids of one source share a long stem; the fences number the bytes after it, so ids that end
    // early (zeros past the end), hold a NUL (a zero of their own) or differ only far after it meet.
    const tails = ['', '0', '00', '\u0000', '\u00000', '1', '10', '100', '1000000', '1000000x', '1000001', '9', '99999999', 'é', 'e\u0301', '\uFFFD', '\uD800', '😀', 'zz', '~']
    const ids = [...tails.map((t) => `asof-c${t}`), ...Array.from({ length: 3000 }, (_, i) => `asof-c${(i * 7919) % 100_003}`), ...Array.from({ length: 400 }, (_, i) => `asof-${i}${i % 2 ? '\u0000' : ''}`), ...Array.from({ length: 400 }, (_, i) => `asof-${i}\u0000`), 'asof-', 'asof']
    const unique = [...new Set(ids)]
    const encoded = new EncodedOpenCases(encodeOpenCases(unique.map((id) => ({ state: { id } as never, applied: [] }))))
    unique.forEach((id, i) => expect(encoded.find(id), JSON.stringify(id)).toBe(i))
    for (const absent of ['asof-c2', 'asof-c1000002', 'asof-c\u0000\u0000', 'asof-c1\u0000', 'asof-c999999999', 'asof-c\uDFFF', 'asof-c😀😀', 'asof-c\uE000', 'asof-', 'as', '', 'asof-d', 'asof-b', 'bsof-c1', 'Asof-c1', '\uFFFF'].filter((id) => !unique.includes(id)))
      expect(encoded.find(absent), JSON.stringify(absent)).toBe(-1)
    // Without a shared stem (ids of two sources): found the same.
    const mixed = unique.map((id, i) => (i % 2 ? id : `x${id}`))
    const two = new EncodedOpenCases(encodeOpenCases(mixed.map((id) => ({ state: { id } as never, applied: [] }))))
    mixed.forEach((id, i) => expect(two.find(id), JSON.stringify(id)).toBe(i))
    expect(two.find('xasof-c2')).toBe(-1)
  })
  it('inflates a chunk of cases only when one of its cases is read (again after releaseChunks), and gives back every case across the chunks\' bounds', () => {
    // Three and a half chunks of cases of varied sizes (numbers, strings, lists), then some with no number at all.
    const n = CHUNK_CASES * 3 + CHUNK_CASES / 2
    const watched = Array.from({ length: n }, (_, i) => ({
      state: { id: `K${i}`, regionCode: `r${i % 7}`, ...(i % 3 ? { urgeCount: i, stageAt: { a: i * 1.5 } } : {}), tags: Array.from({ length: i % 5 }, (_, k) => `t${k}`) } as never,
      applied: i % 4 ? [i, 0, 1] : [],
    }))
    const viaJson = JSON.parse(JSON.stringify(watched)) as typeof watched
    const bytes = encodeOpenCases(watched, T0)
    const open = new EncodedOpenCases(bytes)
    expect(open.inflatedChunks).toBe(0)
    // Ids and looks come from the head: no chunk inflated.
    expect(open.find(`K${CHUNK_CASES + 3}`)).toBe(CHUNK_CASES + 3)
    expect(open.id(n - 1)).toBe(`K${n - 1}`)
    open.look(open.byLookAt(0))
    expect(open.inflatedChunks).toBe(0)
    expect(open.read(CHUNK_CASES + 3)).toEqual(viaJson[CHUNK_CASES + 3])
    expect(open.inflatedChunks).toBe(1)
    // Its chunk's first and last cases read from the same chunk.
    expect(open.read(CHUNK_CASES)).toEqual(viaJson[CHUNK_CASES])
    expect(open.read(2 * CHUNK_CASES - 1)).toEqual(viaJson[2 * CHUNK_CASES - 1])
    expect(open.inflatedChunks).toBe(1)
    expect(open.read(2 * CHUNK_CASES)).toEqual(viaJson[2 * CHUNK_CASES])
    expect(open.inflatedChunks).toBe(2)
    // Every case, each chunk inflated once.
    expect(open.all()).toEqual(viaJson)
    expect(open.inflatedChunks).toBe(4)
    // Released (a replay's instant built): its memory goes to another snapshot's cases, and a
    // case read again inflates its chunk again, the same case.
    open.releaseChunks()
    const other = new EncodedOpenCases(encodeOpenCases(watched.slice(0, CHUNK_CASES + 9), T0))
    expect(other.all()).toEqual(viaJson.slice(0, CHUNK_CASES + 9))
    expect(open.read(CHUNK_CASES + 3)).toEqual(viaJson[CHUNK_CASES + 3])
    expect(open.inflatedChunks).toBe(5)
    expect(open.all()).toEqual(viaJson)
    expect(other.all()).toEqual(viaJson.slice(0, CHUNK_CASES + 9))
    expect(open.inflatedChunks).toBe(8)
    expect(decodeOpenCases(bytes)).toEqual(viaJson)
    const bare = Array.from({ length: CHUNK_CASES + 1 }, (_, i) => ({ state: { id: `B${i}` } as never, applied: [] }))
    expect(decodeOpenCases(encodeOpenCases(bare))).toEqual(bare)
    expect(decodeOpenCases(encodeOpenCases([]))).toEqual([])
    // Chunks far larger than the deflate's window (numbers repeated 16 KB and more apart) read back exactly.
    const wide = Array.from({ length: CHUNK_CASES + 5 }, (_, i) => ({ state: { id: `W${i}`, marks: Array.from({ length: 300 }, (_, k) => (k * 7919 + i) % 1000 / 7) } as never, applied: [i] }))
    const wideBytes = encodeOpenCases(wide, T0)
    expect(decodeOpenCases(wideBytes)).toEqual(JSON.parse(JSON.stringify(wide)))
    // A part whose chunks do not end where it does is refused.
    expect(() => new EncodedOpenCases(bytes.subarray(0, bytes.length - 8))).toThrow(/snapshot/)
  })

  it('writes the same bytes whatever it encoded before: the ids\' order kept from the last encode (some gone, some new, an old id now a title, a shared id) is the order of a full sort', () => {
    const cases = (ids: string[]) => ids.map((id, i) => ({ state: { id, regionCode: `r${i % 3}`, title: i % 5 ? `t${i}` : `C${(i * 31) % 900}` } as never, applied: [i] }))
    const first = Array.from({ length: 700 }, (_, i) => `C${(i * 7919) % 1000}`)
    // A third of the ids gone, 300 new ones (before, between and after the old ones), the rest in another order.
    const next = [...first.filter((_, i) => i % 3).reverse(), ...Array.from({ length: 300 }, (_, i) => (i % 2 ? `C${(i * 13) % 1000}x` : `B${i}`)), 'A', 'Z', 'C']
    const nextIds = [...new Set(next)]
    const fresh = () => {
      encodeOpenCases([])
      return encodeOpenCases(cases(nextIds), T0)
    }
    const alone = fresh()
    encodeOpenCases(cases(first), T0)
    const afterFirst = encodeOpenCases(cases(nextIds), T0)
    expect(Buffer.compare(afterFirst, alone)).toBe(0)
    // Again after itself (every id kept), and after the same ids as non-ASCII strings (none kept).
    expect(Buffer.compare(encodeOpenCases(cases(nextIds), T0), alone)).toBe(0)
    encodeOpenCases(cases(nextIds.map((id) => `案${id}`)), T0)
    expect(Buffer.compare(encodeOpenCases(cases(nextIds), T0), alone)).toBe(0)
    const open = new EncodedOpenCases(afterFirst)
    nextIds.forEach((id, i) => expect(open.find(id)).toBe(i))
    expect(open.find('C1000')).toBe(-1)
    // Two cases sharing an id (no order to keep): sorted in full, each found by the search.
    const shared = [...nextIds.slice(0, 50), nextIds[7]!]
    encodeOpenCases(cases(nextIds), T0)
    const twice = encodeOpenCases(cases(shared), T0)
    encodeOpenCases([])
    expect(Buffer.compare(encodeOpenCases(cases(shared), T0), twice)).toBe(0)
    expect(new EncodedOpenCases(twice).find(nextIds[7]!)).toBe(7)
  })
})
