import type { Region } from '../../../shared/regions/tree'
import type { PreparedImport } from '../importGeo'

/**
 * What POST /api/v1/geo hands the worker: the body exactly as received (`{ region, geojson, from? }`
 * as JSON text), parsed there so that not even JSON.parse of megabytes runs on the event loop.
 */
export interface GeoImportJob {
  body: Uint8Array
  regions: Region[]
  /** The account importing, for the manifest's "uploaded by". */
  uploadedBy: string
  /** ISO time of the import. */
  at: string
}

/** The body's small fields, for the route to validate and check: the GeoJSON itself never leaves the worker. */
export interface ImportEnvelope {
  region?: unknown
  from?: unknown
  /** Present (any value) when the body had a `geojson` member, so "required" is still checked. */
  geojson?: null
}

export type GeoImportOutcome =
  /** The body is not JSON at all. */
  | { kind: 'notJson'; message: string }
  /** Not processed: the envelope is not well-formed (null when the body is not an object) or names no region with children; the route says why. */
  | { kind: 'skipped'; envelope: ImportEnvelope | null }
  /** The GeoJSON is not acceptable: every problem, in validate.ts's words. */
  | { kind: 'refused'; envelope: ImportEnvelope; errors: string[] }
  /** Validated and simplified: the file to store. */
  | { kind: 'prepared'; envelope: ImportEnvelope; from: string; prepared: PreparedImport }

/** How an upload is named in the map file and manifest. */
export const uploadOrigin = (from: string | undefined, actor: string) => (from ? `${from} (uploaded by ${actor})` : `upload by ${actor}`)
