/**
 * The states the store has planned batches on, ahead of its rows: those of batches handed to the
 * writer thread and not yet committed (`pending`, each with the batch that wrote it last), then
 * states committed lately (`recent`, and the `older` generation before it: between `max` and
 * twice `max` states, dropped a generation at a time rather than one by one). A batch is planned
 * on these before the rows, so it sees every batch handed over before it, committed or not, and
 * reads and parses only the rows of states no recent batch wrote. They are the rows' states while
 * this store is the only one writing the file; when another store commits to it, the writer thread
 * refuses the batches planned before that (log.ts plans them again) and this is cleared.
 */
export class StateOverlay<S extends { id: string }> {
  private readonly pending = new Map<string, { state: S; ticket: number }>()
  private recent = new Map<string, S>()
  private older = new Map<string, S>()

  constructor(private readonly max: number) {}

  get(id: string): S | undefined {
    return this.pending.get(id)?.state ?? this.recent.get(id) ?? this.older.get(id)
  }

  /** Batch `ticket`, planned, writes these states. */
  planned(ticket: number, states: Iterable<S>): void {
    for (const state of states) this.pending.set(state.id, { state, ticket })
  }

  /** Batch `ticket` is committed: its states are the rows now, unless a later batch planned another already. */
  committed(ticket: number, ids: Iterable<string>): void {
    for (const id of ids) {
      const p = this.pending.get(id)
      if (!p || p.ticket !== ticket) continue
      this.pending.delete(id)
      this.recent.set(id, p.state)
      if (this.recent.size >= this.max) {
        this.older = this.recent
        this.recent = new Map()
      }
    }
  }

  /** A batch failed: forget everything, the rows are the truth again. */
  clear(): void {
    this.pending.clear()
    this.recent.clear()
    this.older.clear()
  }

  get size(): number {
    return this.pending.size + this.recent.size + this.older.size
  }
}

/** Event ids of batches handed to the writer thread and not yet committed (a duplicate of one is a duplicate). */
export class PendingIds {
  private readonly ids = new Map<string, number>()

  has(id: string): boolean {
    return this.ids.has(id)
  }

  planned(ticket: number, ids: Iterable<string>): void {
    for (const id of ids) this.ids.set(id, ticket)
  }

  committed(ticket: number, ids: Iterable<string>): void {
    for (const id of ids) if (this.ids.get(id) === ticket) this.ids.delete(id)
  }

  clear(): void {
    this.ids.clear()
  }

  get size(): number {
    return this.ids.size
  }
}
