import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check } from '../helpers.js';
import { buildGraph, type BuildGraphOptions } from '../../server/src/graph/graph-model.js';
import { createNodeElk } from '../../server/src/graph/elk-node.js';
import { layoutGraph, type GraphLayoutOptions } from '../../server/src/graph/layout.js';
import type { GraphModel, LaidOutGraph } from '../../server/src/graph/types.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SAMPLES = join(ROOT, 'samples');

/** The `.mesh` samples, as in-memory files with stable URIs (`file:///samples/<name>`), sorted by name. */
export function sampleFiles(): { name: string; uri: string; text: string }[] {
    return readdirSync(SAMPLES)
        .filter(f => f.endsWith('.mesh'))
        .sort()
        .map(name => ({ name, uri: `file:///samples/${name}`, text: readFileSync(join(SAMPLES, name), 'utf8') }));
}

/** Parses, checks and builds the graph of inline snippets (`file:///w/<i>.mesh`). */
export async function graphOf(sources: string | string[], options: BuildGraphOptions = {}): Promise<GraphModel> {
    const checked = await check(sources);
    return buildGraph(checked.model, checked.analysis, options);
}

const elk = createNodeElk();

export function layout(graph: GraphModel, options: GraphLayoutOptions = {}): Promise<LaidOutGraph> {
    return layoutGraph(graph, elk, options);
}

/** A small spec with a violated, a weakened, a degraded-only and an ok edge, and two domains. */
export const SHOP = `
mesh m { mtls strict members orders-api, payments }
domain orders owner "orders-team" {
  service orders-api {
    description "Accepts orders"
    provides <Cluster, SS, SER, Fresh, Idem, Auth(mTLS)>
    operation placeOrder idempotent
    operation cancelOrder idempotent
    calls payments.charge requires <_, _, _, Fresh, _, Auth(mTLS)>
          requires in degraded <_, _, _, BS(1m), _, Auth(mTLS)>
    publishes order-events
    reads orders-db requires <_, _, _, BS(1s), _, _>
  }
  store orders-db { provides <Cluster, SS, SER, Fresh, Idem, Auth> }
  topic order-events { partitions 4 key order_id provides <Partition, PartialOrder, RA, EO, Idem(offset), Auth> }
}
domain billing owner "payments-team" {
  service payments {
    provides <Cluster, SS, SER, Fresh, Idem, Auth(mTLS)>
    operation charge idempotent
    modes {
      degraded <Cluster, Causal, RA, BS(5m), Idem, Auth(mTLS)> when error_rate > 5%
      floor <Local, None, None, Stale, None, Auth(mTLS)> when error_rate > 50%
      recovery <Cluster, Causal, RA, BS(1m), Idem, Auth(mTLS)> when success_rate > 99%
    }
  }
}
service reporting {
  provides <Cluster, Causal, RA, BS(1m), Idem, Auth>
  calls orders-api.placeOrder
  consumes order-events group reporting idempotent requires <_, _, _, EO, _, Auth>
}
`;

/** The spec text an attacker controls, in every place the renderers print. */
export const INJECTION = {
    script: '<script>alert(1)</script>',
    img: '"><img src=x onerror=alert(1)>',
};
export const HOSTILE = String.raw`
domain evil owner "\"><img src=x onerror=alert(1)>" {
  service svc {
    description "<script>alert(1)</script> and </script><script>alert(2)</script>"
    owner "\"><img src=x onerror=alert(1)>"
    provides <Cluster, SS, SER, Fresh, Idem, Auth>
    operation op idempotent
  }
}
gateway gw {
  description "<!-- \u2028 & '"
  route "/a/\"><img src=x onerror=alert(1)>" -> svc.op
}
client c { calls gw "/a/\"><img src=x onerror=alert(1)>" requires <_, _, _, BS(5s), _, _> }
`;
