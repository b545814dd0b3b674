import type { Ref } from 'vue'
import type { Camera } from '../../../shared/api/cameras'
import { useDistrictList } from '../map/useDistrictList'

/**
 * The cameras of the district around the shown region (GET /api/v1/cameras), for the map's camera
 * layer, asked only while the layer is on: fetched again each time it is turned on or the district
 * changes (cameras are registered rarely; the layer is not live). An error shows none.
 */
export const useCameras = (district: Ref<string | null>, on: Ref<boolean>) => useDistrictList<Camera>('/api/v1/cameras', district, on)
