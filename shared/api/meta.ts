import { Type, type Static } from 'typebox'

/**
 * What any screen may know before logging in (`GET /api/v1/meta`, no token): whether the store
 * holds demo data and how far its loading is, and which node answered. Nothing sensitive.
 */
export const DemoStatusSchema = Type.Object({
  active: Type.Boolean({ description: 'demo data is in the store (or being loaded into it): the wall shows 演示数据' }),
  loading: Type.Boolean({ description: 'the demo dataset is being loaded behind a serving server' }),
  loaded: Type.Integer({ minimum: 0, description: 'cases of the demo dataset loaded so far' }),
  total: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'cases the demo dataset holds; null until counted or when not known to this node' }),
  coverage: Type.Union([Type.Array(Type.Object({ code: Type.String(), name: Type.String() })), Type.Null()], {
    description: 'the districts the demo data covers (null without demo data): a province view holds these only',
  }),
})
export type DemoStatus = Static<typeof DemoStatusSchema>

export const MetaSchema = Type.Object({
  demo: DemoStatusSchema,
  nodeId: Type.Union([Type.String(), Type.Null()], { description: 'the node that answered (several nodes); null for a single node' }),
})
export type Meta = Static<typeof MetaSchema>
