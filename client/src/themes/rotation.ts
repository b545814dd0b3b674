import { isWallPage, type WallPage } from '../../../shared/themes/pages'

export interface RotationItem {
  region: string
  page: WallPage
}

/** How long an interaction holds the rotation: it resumes after a minute without one. */
export const IDLE_RESUME_MS = 60_000
const DEFAULT_DWELL_S = 30

/** `?rotate=CODE,CODE:PAGE…&dwell=SECONDS`: the items in order; null when there is none valid. */
export function parseRotation(params: URLSearchParams): { items: RotationItem[]; dwellMs: number } | null {
  const raw = params.get('rotate')
  if (!raw) return null
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [region, page] = s.split(':')
      return { region: region!, page: isWallPage(page) ? page : 'overview' } as RotationItem
    })
    .filter((i) => /^[0-9A-Za-z_-]+$/.test(i.region))
  if (items.length === 0) return null
  const dwell = Number(params.get('dwell'))
  return { items, dwellMs: 1000 * (Number.isFinite(dwell) && dwell >= 1 ? dwell : DEFAULT_DWELL_S) }
}

/**
 * Shows each item for its dwell, in order, forever. A touch, click or key pauses it (a discreet
 * 轮播暂停 in the corner, `data-rotation="paused"`), and it goes on from where it was once a minute
 * has passed without one. One timer at a time: nothing runs between turns.
 */
export function startRotation(items: readonly RotationItem[], dwellMs: number, show: (item: RotationItem, index: number) => void): () => void {
  let index = 0
  let turn: ReturnType<typeof setTimeout> | undefined
  let idle: ReturnType<typeof setTimeout> | undefined
  const badge = document.createElement('div')
  badge.setAttribute('data-rotation', 'running')
  badge.setAttribute('aria-live', 'polite')
  Object.assign(badge.style, {
    position: 'fixed', right: '1.2vh', bottom: '1vh', zIndex: '50', fontSize: '1.3vh', letterSpacing: '0.15em',
    color: '#8ea3c4', background: 'rgba(11, 26, 48, 0.85)', border: '1px solid #1c3358', borderRadius: '0.4vh', padding: '0.3vh 0.9vh',
  })
  document.body.appendChild(badge)
  const label = () => {
    const paused = idle !== undefined
    badge.setAttribute('data-rotation', paused ? 'paused' : 'running')
    badge.textContent = paused ? '轮播暂停 · 1 分钟无操作后继续' : `轮播 ${index + 1}/${items.length}`
    badge.style.opacity = paused ? '1' : '0.55'
  }
  const next = () => {
    show(items[index]!, index)
    label()
    turn = setTimeout(() => {
      index = (index + 1) % items.length
      next()
    }, dwellMs)
  }
  const interact = () => {
    clearTimeout(turn)
    clearTimeout(idle)
    idle = setTimeout(() => {
      idle = undefined
      index = (index + 1) % items.length
      next()
    }, IDLE_RESUME_MS)
    label()
  }
  const events = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const
  for (const e of events) window.addEventListener(e, interact, { passive: true })
  next()
  return () => {
    clearTimeout(turn)
    clearTimeout(idle)
    for (const e of events) window.removeEventListener(e, interact)
    badge.remove()
  }
}
