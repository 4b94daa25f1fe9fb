// Outbound fetch: canned origins, request forwarding, concurrency through Promise.all, refusals.
export default {
  async fetch(request) {
    const out = [];
    const one = await fetch('https://api.example/one');
    out.push(`one: ${one.status} ${one.ok} ${one.headers.get('content-type')} ${one.url} ${await one.text()}`);
    const echoed = await fetch(new Request('https://echo.example/post', {
      method: 'POST', body: 'sent body', headers: { 'X-Custom': 'yes', Host: 'dropped.example', 'Content-Length': '3' },
    }));
    out.push(`echo: ${JSON.stringify(await echoed.json())}`);
    const proxied = await fetch('https://echo.example/post', request);
    out.push(`proxied incoming request: ${JSON.stringify(await proxied.json())}`);
    const all = await Promise.all(['https://api.example/one', 'https://api.example/two', 'https://api.example/missing-page']
      .map((url) => fetch(url).then(async (r) => `${r.status}:${await r.text()}`)));
    out.push(`all: ${JSON.stringify(all)}`);
    for (const url of ['https://not-allowed.example/', 'https://down.example/', 'ftp://files.example/x']) {
      try {
        await fetch(url);
      } catch (e) {
        out.push(`refused: ${e.name}: ${e.message}`);
      }
    }
    const settled = await Promise.allSettled([fetch('https://api.example/two'), fetch('https://down.example/')]);
    out.push(`allSettled: ${settled.map((s) => s.status).join(',')}`);
    return new Response(out.join('\n') + '\n');
  },
};
