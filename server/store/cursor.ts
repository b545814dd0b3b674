/** A paging cursor the store did not issue (or that was tampered with): the route answers 400. */
export class CursorError extends Error {
  constructor() {
    super('cursor is not one this server issued')
  }
}
