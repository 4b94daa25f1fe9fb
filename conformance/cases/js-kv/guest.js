// Checks env.KV over the host's store: get (text, json, arrayBuffer), getWithMetadata, put with a
// TTL, delete, list with a prefix and cursor paging, and increment.
export default {
  async fetch(request, env) {
    const out = [];
    out.push(`seeded: ${await env.KV.get('seeded')}`);
    out.push(`missing: ${await env.KV.get('missing')}`);
    await env.KV.put('json', JSON.stringify({ a: 1 }), { expirationTtl: 3600 });
    out.push(`json: ${JSON.stringify(await env.KV.get('json', 'json'))}`);
    await env.KV.put('bytes', new Uint8Array([1, 2, 3]));
    out.push(`bytes: ${new Uint8Array(await env.KV.get('bytes', { type: 'arrayBuffer' })).join(',')}`);
    out.push(`withMetadata: ${JSON.stringify(await env.KV.getWithMetadata('seeded'))}`);
    await env.KV.delete('bytes');
    out.push(`deleted: ${await env.KV.get('bytes')}`);
    for (const key of ['p:1', 'p:2', 'p:3']) await env.KV.put(key, key);
    const first = await env.KV.list({ prefix: 'p:', limit: 2 });
    const second = await env.KV.list({ prefix: 'p:', limit: 2, cursor: first.cursor });
    out.push(`list: ${first.keys.map((k) => k.name).join(',')} ${first.list_complete} / ${second.keys.map((k) => k.name).join(',')} ${second.list_complete}`);
    out.push(`increment: ${await env.KV.increment('count')} ${await env.KV.increment('count', 10)}`);
    return new Response(out.join('\n') + '\n');
  },
};
