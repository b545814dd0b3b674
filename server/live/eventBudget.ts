/**
 * How many events one socket may send: a token bucket per connection. A wall sends a `subscribe`
 * when it opens and one (with an `unsubscribe`) per drill-down; a person clicking through the map as
 * fast as they can stays far inside it. A client that goes beyond it is not a wall: it is
 * disconnected, so its flood costs the server one check per event until then, not a summary each.
 */
export interface EventBudget {
  /** Events allowed at once. */
  burst: number
  /** Refill per second after that. */
  perSecond: number
}

export const SOCKET_EVENT_BUDGET: EventBudget = { burst: 40, perSecond: 10 }

export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    private readonly budget: EventBudget,
    now: number,
  ) {
    this.tokens = budget.burst
    this.last = now
  }

  /** Take one event's token at `now` (ms); false when the budget is spent. */
  take(now: number): boolean {
    this.tokens = Math.min(this.budget.burst, this.tokens + ((now - this.last) / 1000) * this.budget.perSecond)
    this.last = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}
