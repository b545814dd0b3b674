/**
 * The wall's pages (`/?page=`): the overview and the four themed pages that tell the source's
 * stories. No imports, so the wall's first chunk can read it without pulling in any schema.
 */
export const WALL_PAGES = ['overview', 'petition', 'safety', 'fire', 'water'] as const
export type WallPage = (typeof WALL_PAGES)[number]
export const THEME_PAGES = ['petition', 'safety', 'fire', 'water'] as const
export type ThemePage = (typeof THEME_PAGES)[number]

export const WALL_PAGE_LABELS: Record<WallPage, string> = {
  overview: '总览',
  petition: '信访积案',
  safety: '平安·反诈',
  fire: '消防安全',
  water: '涉水安全',
}

export const isWallPage = (p: string | null | undefined): p is WallPage => !!p && (WALL_PAGES as readonly string[]).includes(p)
