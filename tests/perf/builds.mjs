// Serves builds of the app side by side for the interleaved perf scripts: build `i` at `/d{i}/`,
// the graph's folder at `/graph/`, on 127.0.0.1 only; or one build in its own mode (`serveApp`).
import path from 'node:path';
import { serve } from '../e2e/serve.mjs';

/**
 * Starts the server; `open(i)` is the URL that opens build `i` on the graph (peerbench's mode). A
 * build given as `DIR?QUERY` is served from DIR and opened with QUERY's parameters added (a
 * floor page's settings, say).
 */
export async function serveBuilds(graph, dists) {
  const mounts = { '/graph/': path.dirname(path.resolve(graph)) };
  dists.forEach((d, i) => { mounts[`/d${i}/`] = path.resolve(d.split('?')[0]); });
  const server = await serve({ mounts });
  const graphUrl = `${server.url}/graph/${encodeURIComponent(path.basename(graph))}`;
  const extra = dists.map((d) => (d.includes('?') ? `&${d.slice(d.indexOf('?') + 1)}` : ''));
  return { server, graphUrl, open: (i) => `${server.url}/d${i}/?graph=${graphUrl}${extra[i]}` };
}

/**
 * Serves one build at `/`, and GRAPH's folder at `/graph/` when given; `url` opens the app as a
 * person does (not the benchmark's mode), in English, on GRAPH or else its own data.
 */
export async function serveApp(dist, graph) {
  const mounts = { '/': path.resolve(dist) };
  if (graph) mounts['/graph/'] = path.dirname(path.resolve(graph));
  const server = await serve({ mounts });
  const query = graph ? `?lang=en&data=graph/${path.basename(graph)}` : '?lang=en';
  return { server, url: `${server.url}/${query}` };
}
