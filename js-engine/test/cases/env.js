// env reads the configuration key by key.
export default {
  async fetch(request, env) {
    return Response.json({
      greeting: env.GREETING,
      missing: env.MISSING === undefined,
      has: ['GREETING' in env, 'MISSING' in env],
      kvIsNamespace: typeof env.KV.get === 'function',
      empty: env.EMPTY,
    });
  },
};
