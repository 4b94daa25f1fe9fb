// Fixed-window rate limiter: at most `env.limit` requests (default 5) per client in each window
// of `env["window-seconds"]` seconds (default 60). A client is its `x-client-id` header, else its
// `x-forwarded-for` address. env.KV.increment counts atomically on the host, so every instance and
// host sharing the store agrees; the counter expires with its window.
export default {
  async fetch(request, env) {
    const limit = Number(env.limit ?? 5);
    const windowSeconds = Number(env['window-seconds'] ?? 60);
    const client = request.headers.get('x-client-id') ?? request.headers.get('x-forwarded-for') ?? 'anonymous';
    const window = Math.floor(Date.now() / 1000 / windowSeconds);
    const count = await env.KV.increment(`rate:${client}:${window}`, 1, { expirationTtl: windowSeconds * 2 });
    const remaining = Math.max(0, limit - count);
    const headers = { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(remaining) };
    if (count > limit) {
      const retryAfter = (window + 1) * windowSeconds - Math.floor(Date.now() / 1000);
      return Response.json({ error: 'rate_limited', retryAfter }, { status: 429, headers: { ...headers, 'retry-after': String(retryAfter) } });
    }
    return Response.json({ client, count, remaining }, { headers });
  },
};
