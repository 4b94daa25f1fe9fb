// An API router in front of two services: /users/... goes to `env["users-origin"]`, /orders/...
// to `env["orders-origin"]`, with the rest of the path and the query, the method, the body and
// the client's headers; the answer comes back as the service gave it, marked with the route.
// /summary/ID asks both services at once and answers their two JSON documents in one.
// Any other path is 404. A service that cannot be reached is 502.
const ROUTES = [
  { prefix: '/users', origin: 'users-origin' },
  { prefix: '/orders', origin: 'orders-origin' },
];
const SUMMARY = /^\/summary\/([A-Za-z0-9-]+)$/;

// Both fetches are started before either is awaited, so the summary takes as long as the slower
// service, not as long as both together.
async function summary(id, env) {
  let answers;
  try {
    answers = await Promise.all([
      fetch(`${env['users-origin']}/users/${id}`),
      fetch(`${env['orders-origin']}/orders?user=${id}`),
    ]);
  } catch (e) {
    return Response.json({ error: 'upstream_unreachable', route: '/summary' }, { status: 502 });
  }
  if (answers.some((answer) => answer.status !== 200)) {
    return Response.json({ error: 'upstream_failed', route: '/summary' }, { status: 502 });
  }
  try {
    const [user, orders] = await Promise.all(answers.map((answer) => answer.json()));
    return Response.json({ user, orders });
  } catch (e) {
    return Response.json({ error: 'upstream_not_json', route: '/summary' }, { status: 502 });
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    // The function is served below /NAME: the route is what follows it.
    const path = url.pathname.replace(/^\/[^/]+/, '') || '/';
    if (path === '/summary' || path.startsWith('/summary/')) {
      const id = SUMMARY.exec(path);
      return id ? summary(id[1], env) : Response.json({ error: 'bad_id', path }, { status: 400 });
    }
    const route = ROUTES.find((r) => path === r.prefix || path.startsWith(r.prefix + '/'));
    if (!route) {
      return Response.json({ error: 'no_route', path }, { status: 404 });
    }
    const target = env[route.origin] + path + url.search;
    const headers = new Headers(request.headers);
    headers.set('x-forwarded-host', url.host);
    let upstream;
    try {
      upstream = await fetch(target, {
        method: request.method,
        headers,
        body: request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer(),
      });
    } catch (e) {
      return Response.json({ error: 'upstream_unreachable', route: route.prefix }, { status: 502 });
    }
    const response = new Response(upstream.body, { status: upstream.status, headers: upstream.headers });
    response.headers.set('x-edge-route', route.prefix);
    return response;
  },
};
