import fp from 'fastify-plugin'
import { RegionTree, regionPath } from '../../../shared/regions/tree'
import { demoRegions } from '../../demo/regions'

declare module 'fastify' {
  interface FastifyInstance {
    regions: RegionTree
  }
}

/** The administrative tree, loaded once; on an empty store in demo mode, the demo tree is stored first. */
export default fp(
  async (app) => {
    if ((await app.store.isEmpty()) && app.config.demo) {
      const tree = new RegionTree(demoRegions())
      await app.store.putRegions(tree.list(), (code) => regionPath(tree, code))
      app.log.info({ regions: tree.nodes.size }, 'demo region tree stored')
    }
    const regions = await app.store.loadRegions()
    if (regions.length === 0) throw new Error('the store has no region tree: start with YIPING_DEMO=1 or import one')
    app.decorate('regions', new RegionTree(regions))
  },
  { name: 'regions', dependencies: ['store'] },
)
