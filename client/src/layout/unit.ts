import { inject, onBeforeUnmount, onMounted, provide, ref, type InjectionKey, type Ref } from 'vue'

const UNIT: InjectionKey<Ref<number>> = Symbol('wall unit')

/** The px size of --u (style.css), read back from the body so CSS stays the one definition. */
function measure(): number {
  return parseFloat(getComputedStyle(document.body).fontSize) || 16
}

/**
 * Charts draw on canvas and cannot use CSS units, so the wall's type unit is measured once per
 * real size change and handed to every chart. Called once, by the screen that owns the layout.
 */
export function provideUnit(): Ref<number> {
  const unit = ref(measure())
  const update = () => {
    const next = measure()
    if (next !== unit.value) unit.value = next
  }
  onMounted(() => window.addEventListener('resize', update))
  onBeforeUnmount(() => window.removeEventListener('resize', update))
  provide(UNIT, unit)
  return unit
}

/** The wall's type unit in px (16 on a 1080-line wall, 32 on a 2160-line one). */
export function useUnit(): Ref<number> {
  return inject(UNIT, ref(16))
}
