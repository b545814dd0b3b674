import { defineStore } from 'pinia'
import { ref } from 'vue'
import { TOKEN_KEY as KEY, tokenOf } from './tokenKey'

/** 429 from login: the username is locked (Retry-After says for how long) or this address is sending too many. */
function lockedMessage(res: Response): string {
  const seconds = Number(res.headers.get('retry-after'))
  if (!Number.isFinite(seconds) || seconds <= 0) return '登录尝试过于频繁，请稍后再试'
  const until = new Date(Date.now() + seconds * 1000)
  const hhmm = `${String(until.getHours()).padStart(2, '0')}:${String(until.getMinutes()).padStart(2, '0')}`
  return `密码错误次数过多，该账号已锁定至 ${hhmm}，请稍后再试`
}

/**
 * Who this screen is: a kiosk token from `/?token=` (kept, then removed from the address bar so
 * it is not shown on the wall), or a token from the login form, kept in localStorage.
 */
export const useSessionStore = defineStore('session', () => {
  const token = ref<string | null>(null)
  const error = ref<string | null>(null)

  function init(url: URL = new URL(window.location.href)) {
    const fromUrl = url.searchParams.get('token')
    if (fromUrl) {
      localStorage.setItem(KEY, fromUrl)
      url.searchParams.delete('token')
      window.history.replaceState(null, '', url.pathname + (url.search ? url.search : '') + url.hash)
    }
    token.value = fromUrl || tokenOf(url)
  }

  async function login(username: string, password: string) {
    error.value = null
    const res = await fetch('/api/v1/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
    if (!res.ok) {
      error.value = res.status === 401 ? '用户名或密码错误' : res.status === 429 ? lockedMessage(res) : res.status === 403 ? '该账号已停用' : `登录失败（${res.status}）`
      return
    }
    const body = (await res.json()) as { token: string }
    localStorage.setItem(KEY, body.token)
    token.value = body.token
  }

  /** Forgets the token here and ends it on the server (a display token is refused there and only forgotten here). */
  function logout(reason?: string) {
    const ending = token.value
    if (ending) void fetch('/api/v1/logout', { method: 'POST', headers: { authorization: `Bearer ${ending}` } }).catch(() => undefined)
    localStorage.removeItem(KEY)
    token.value = null
    error.value = reason ?? null
  }

  return { token, error, init, login, logout }
})
