// A/B test with a sticky cookie: a visitor without an `ab` cookie is assigned variant "b" with
// probability `env["b-percent"]` percent (default 50), else "a", and keeps it through the cookie
// for 30 days. The page names the variant; with `env["origin-a"]`/`env["origin-b"]` set it is
// fetched from that variant's origin instead.
const COOKIE = 'ab';
const MAX_AGE = 30 * 24 * 3600;

function cookie(request, name) {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      return value.join('=');
    }
  }
  return null;
}

function assign(env) {
  const percent = Number(env['b-percent'] ?? 50);
  const draw = crypto.getRandomValues(new Uint32Array(1))[0] % 100;
  return draw < percent ? 'b' : 'a';
}

export default {
  async fetch(request, env) {
    const known = cookie(request, COOKIE);
    const variant = known === 'a' || known === 'b' ? known : assign(env);
    const origin = env[`origin-${variant}`];
    let response;
    if (origin) {
      // The function is served below /NAME: the page's path is what follows it.
      const upstream = await fetch(origin + new URL(request.url).pathname.replace(/^\/[^/]+/, ''));
      response = new Response(upstream.body, { status: upstream.status, headers: upstream.headers });
    } else {
      response = new Response(`<!doctype html><title>Variant ${variant}</title><h1>You see variant ${variant.toUpperCase()}</h1>\n`, {
        headers: { 'content-type': 'text/html; charset=utf-8' },
      });
    }
    response.headers.set('x-variant', variant);
    response.headers.set('cache-control', 'private, no-store');
    if (variant !== known) {
      response.headers.append('set-cookie', `${COOKIE}=${variant}; Path=/; Max-Age=${MAX_AGE}; HttpOnly; SameSite=Lax`);
    }
    return response;
  },
};
