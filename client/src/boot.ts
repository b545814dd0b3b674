import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
// After the app's components, as when main.ts imported all of it: the same order of the page's CSS.
import './style.css'

/** Vue, Pinia and the app: a chunk of its own, evaluated after the entry (main.ts) dialled the wall's socket. */
export function mount(): void {
  createApp(App).use(createPinia()).mount('#app')
}
