import type { Ref } from 'vue'
import type { FireStationView } from '../../../shared/api/fireStations'
import { useDistrictList } from './useDistrictList'

/**
 * The fire stations of the district around the shown region (GET /api/v1/fire-stations), for the
 * map's five-minute rescue circles. A town's map also shows the neighbours' stations whose
 * circles reach into it, so the district's list is fetched whatever is shown below it. Stations
 * do not move: fetched once per district. A server without the endpoint (404) shows none.
 */
export const useFireStations = (district: Ref<string | null>) => useDistrictList<FireStationView>('/api/v1/fire-stations', district)
