/** Stored column of each of the domain's case marks (domain/cases/marks.ts), the same in every store. */
export const MARK_COLUMN = { overdueFrom: 'overdue_from', greenFrom: 'green_from', yellowFrom: 'yellow_from', redFrom: 'red_from' } as const

/** Column of each case-list sort key (common/paging.ts CASE_SORT). */
export const SORT_COLUMN = { reportedAt: 'reported_at', ...MARK_COLUMN } as const
