// ctx.waitUntil keeps the request going until its promises settle; a rejection is logged, not fatal.
export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(new Promise((resolve) => setTimeout(resolve, 50)).then(() => console.log('background work done')));
    ctx.waitUntil(Promise.reject(new Error('background failure')));
    ctx.waitUntil(env.KV.put('written-later', 'yes'));
    ctx.passThroughOnException();
    Promise.reject(new Error('nobody handles this'));
    return new Response('answered first');
  },
};
