// First of all: a wall dials its socket (live/early.ts) before Vue and the app are even evaluated.
import { dialled } from './live/early'
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import './style.css'

const mount = () => createApp(App).use(createPinia()).mount('#app')
// Chromium sends a WebSocket's handshake from a task of the page's own: a wall that dialled lets
// it go out before the mount takes the main thread (~100 ms), not after.
if (dialled) setTimeout(mount)
else mount()
