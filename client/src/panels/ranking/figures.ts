/** The figures a leader ranks children by (晾晒), in the order the switch offers them. */
export const RANK_FIGURES = [
  { path: 'cases.total', label: '受理量' },
  { path: 'cases.onTimeRate', label: '按期办结率' },
  { path: 'cases.satisfactionRate', label: '满意率' },
  { path: 'cases.urgeRate', label: '催办率' },
  { path: 'cases.overdue', label: '超期' },
  { path: 'cases.localResolutionRate', label: '不出村率' },
] as const

export const rankFigure = (path: string) => RANK_FIGURES.find((f) => f.path === path) ?? RANK_FIGURES[0]
export const isRankFigure = (path: string | null | undefined) => RANK_FIGURES.some((f) => f.path === path)
