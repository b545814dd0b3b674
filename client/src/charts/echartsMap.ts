import { use } from 'echarts/core'
import { CustomChart, EffectScatterChart, MapChart, ScatterChart } from 'echarts/charts'
import { GeoComponent, TitleComponent, VisualMapContinuousComponent } from 'echarts/components'
import { LabelLayout } from 'echarts/features'
import './echarts'

/**
 * What only the map draws, registered in the map's own chunk: the geo component, region fills
 * (map series on the geo), a continuous legend for the metric, points (scatter; effectScatter for
 * alarms that must pulse), custom shapes (rescue circles) and label overlap hiding.
 */
use([MapChart, ScatterChart, EffectScatterChart, CustomChart, GeoComponent, TitleComponent, VisualMapContinuousComponent, LabelLayout])

export { registerMap } from 'echarts/core'
export { INIT_OPTIONS, THEME_NAME, type WallOption } from './echarts'
