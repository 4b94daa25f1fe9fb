// Checks ctx.waitUntil: work the handler leaves running after it answered still completes
// within the request (here a key-value write), and passThroughOnException exists.
export default {
  async fetch(request, env, ctx) {
    ctx.passThroughOnException();
    ctx.waitUntil(
      (async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        await env.KV.put('after', 'written after the response');
      })(),
    );
    return new Response('answered\n');
  },
};
