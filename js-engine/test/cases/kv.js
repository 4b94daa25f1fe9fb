// The key-value namespace env.KV over SPEC §11.
export default {
  async fetch(request, env) {
    const out = [];
    const show = (name, value) => out.push(`${name}: ${JSON.stringify(value)}`);
    show('seeded', await env.KV.get('seeded'));
    show('missing', await env.KV.get('missing'));
    await env.KV.put('text', 'héllo');
    show('text', await env.KV.get('text'));
    show('text type', await env.KV.get('text', { type: 'text' }));
    await env.KV.put('json', JSON.stringify({ a: [1, 2] }), { expirationTtl: 60 });
    show('json', await env.KV.get('json', 'json'));
    await env.KV.put('bytes', new Uint8Array([0, 1, 255]));
    show('arrayBuffer', Array.from(new Uint8Array(await env.KV.get('bytes', 'arrayBuffer'))));
    await env.KV.put('buffer', new Uint8Array([7, 8]).buffer);
    show('buffer', Array.from(new Uint8Array(await env.KV.get('buffer', { type: 'arrayBuffer' }))));
    show('withMetadata', await env.KV.getWithMetadata('text'));
    await env.KV.delete('text');
    await env.KV.delete('never-there');
    show('deleted', await env.KV.get('text'));
    for (let i = 0; i < 5; i++) await env.KV.put(`user:${i}`, String(i));
    const first = await env.KV.list({ prefix: 'user:', limit: 2 });
    show('page 1', first);
    const second = await env.KV.list({ prefix: 'user:', limit: 2, cursor: first.cursor });
    show('page 2', second);
    show('page 3', await env.KV.list({ prefix: 'user:', limit: 2, cursor: second.cursor }));
    show('exactly the limit', await env.KV.list({ prefix: 'user:', limit: 5 }));
    show('all keys', (await env.KV.list()).keys.map((k) => k.name));
    show('increment', [await env.KV.increment('counter'), await env.KV.increment('counter'), await env.KV.increment('counter', 40), await env.KV.increment('counter', -50)]);
    for (const bad of [() => env.KV.get(''), () => env.KV.put('x'.repeat(600), 'v'), () => env.KV.increment('seeded'),
      () => env.KV.get('seeded', 'stream'), () => env.KV.put('k', { object: true }), () => env.KV.put('k', 'v', { expirationTtl: -1 })]) {
      try {
        await bad();
        out.push('accepted');
      } catch (e) {
        out.push(`refused: ${e.name}: ${e.message}`);
      }
    }
    const pending = env.KV.get('seeded');
    show('returns a promise', pending instanceof Promise);
    await pending;
    return new Response(out.join('\n') + '\n');
  },
};
