// A response over the host's limits (SPEC §8: 100 header values, 10 MiB of body) fails the request.
export default {
  fetch(request) {
    const h = new Headers();
    for (let i = 0; i < 120; i++) h.append(`x-h${i}`, 'v');
    if (request.url.endsWith('/big')) return new Response(new Uint8Array(11 * 1024 * 1024));
    return new Response('x', { headers: h });
  }
};
