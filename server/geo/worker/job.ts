import { prepareImport } from '../importGeo'
import { GeoImportError } from '../validate'
import { uploadOrigin, type GeoImportJob, type GeoImportOutcome, type ImportEnvelope } from './protocol'

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The import's whole CPU work, run inside the worker thread (and callable directly: it is pure apart
 * from its input). Parse, take the envelope, and validate and simplify the GeoJSON when the envelope
 * names a region with children; the route validates the envelope with its schema and answers every
 * other case from it (and writes nothing unless both agree). No TypeBox here: loading it would
 * cost the worker most of a second.
 */
export function runGeoImportJob(job: GeoImportJob): GeoImportOutcome {
  let body: unknown
  try {
    body = JSON.parse(new TextDecoder().decode(job.body).replace(/^\uFEFF/, ''))
  } catch (err) {
    return { kind: 'notJson', message: err instanceof Error ? err.message : String(err) }
  }
  if (!isObject(body)) return { kind: 'skipped', envelope: null }
  // The route's validation coerces a numeric region to a string; so does this.
  const region = typeof body.region === 'number' ? String(body.region) : body.region
  const envelope: ImportEnvelope = {
    ...(body.region !== undefined ? { region } : {}),
    ...(body.from !== undefined ? { from: body.from } : {}),
    ...('geojson' in body ? { geojson: null } : {}),
  }
  if (typeof region !== 'string' || !('geojson' in body) || !job.regions.some((r) => r.parent === region)) return { kind: 'skipped', envelope }

  const from = uploadOrigin(typeof body.from === 'string' ? body.from : undefined, job.uploadedBy)
  try {
    const prepared = prepareImport(body.geojson, { regionCode: region, regions: job.regions, from, at: job.at })
    return { kind: 'prepared', envelope, from, prepared }
  } catch (err) {
    if (err instanceof GeoImportError) return { kind: 'refused', envelope, errors: err.errors }
    throw err
  }
}
