import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The wall is built into dist/client and served by the Fastify server (no dev proxy needed in
// production); `vite` alone proxies API and socket traffic to a running server for UI work.
export default defineConfig({
  root: 'client',
  publicDir: '../public',
  plugins: [vue()],
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
