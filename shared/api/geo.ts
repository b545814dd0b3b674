import { Type, type Static } from 'typebox'

export const GeoImportBodySchema = Type.Object({
  /** The region whose map is replaced: a district's town cells, a city's districts, … */
  region: Type.String({ minLength: 1, maxLength: 32, description: "the region whose children's boundaries these are" }),
  geojson: Type.Unknown({
    description:
      'a GeoJSON FeatureCollection of Polygon/MultiPolygon features in lng/lat degrees, one per child region, ' +
      'named by properties.code or properties.name',
  }),
  from: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'where it came from (a file name), for the manifest' })),
})
export type GeoImportBody = Static<typeof GeoImportBodySchema>

export const GeoImportResultSchema = Type.Object({
  /** The map file replaced, e.g. district-330411.json. */
  file: Type.String(),
  /** Where the wall now loads it. */
  url: Type.String(),
  features: Type.Integer(),
  bytes: Type.Integer(),
  imported: Type.Object({ from: Type.String(), at: Type.String({ description: 'ISO-8601' }) }),
  /** Not fatal: children left without a polygon, for instance. */
  warnings: Type.Array(Type.String()),
})
export type GeoImportResult = Static<typeof GeoImportResultSchema>
