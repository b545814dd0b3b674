import { defineStore } from 'pinia'
import { ref } from 'vue'

const KEY = 'yiping.token'

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
    token.value = fromUrl ?? localStorage.getItem(KEY)
  }

  async function login(username: string, password: string) {
    error.value = null
    const res = await fetch('/api/v1/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
    if (!res.ok) {
      error.value = res.status === 401 ? '用户名或密码错误' : `登录失败（${res.status}）`
      return
    }
    const body = (await res.json()) as { token: string }
    localStorage.setItem(KEY, body.token)
    token.value = body.token
  }

  function logout(reason?: string) {
    localStorage.removeItem(KEY)
    token.value = null
    error.value = reason ?? null
  }

  return { token, error, init, login, logout }
})
