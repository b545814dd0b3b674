import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'

/**
 * The entry (client/src/main.ts) holds only the early dial; the app is the chunk of boot.ts, which
 * the entry imports once it has dialled. index.html asks for that chunk, what it imports and its CSS
 * from the start (modulepreload, stylesheet), so that they are fetched while the entry is, and the
 * first render waits on no request the entry would only make once evaluated.
 */
function preloadBoot(): Plugin {
  return {
    name: 'yiping:preload-boot',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle
        if (!bundle) return
        const boot = Object.values(bundle).find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/client/src/boot.ts'))
        if (!boot || boot.type !== 'chunk') throw new Error('the build has no chunk for client/src/boot.ts')
        const js: string[] = []
        const css: string[] = []
        const walk = (file: string) => {
          if (js.includes(file)) return
          js.push(file)
          const chunk = bundle[file]
          if (chunk?.type !== 'chunk') return
          for (const f of chunk.viteMetadata?.importedCss ?? []) if (!css.includes(f)) css.push(f)
          chunk.imports.forEach(walk)
        }
        walk(boot.fileName)
        const absent = (f: string) => !html.includes(`/${f}"`)
        return [
          ...js.filter(absent).map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` }, injectTo: 'head' as const })),
          ...css.filter(absent).map((f) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `/${f}` }, injectTo: 'head' as const })),
        ]
      },
    },
  }
}

// The wall is built into dist/client and served by the Fastify server (no dev proxy needed in
// production); `vite` alone proxies API and socket traffic to a running server for UI work.
export default defineConfig({
  root: 'client',
  publicDir: '../public',
  plugins: [vue(), preloadBoot()],
  // No modulepreload polyfill: the walls run current Chromium, which preloads natively, and the
  // polyfill would sit in the wall's own chunk only for the lazily loaded admin page.
  build: { outDir: '../dist/client', emptyOutDir: true, chunkSizeWarningLimit: 1500, modulePreload: { polyfill: false } },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
})
