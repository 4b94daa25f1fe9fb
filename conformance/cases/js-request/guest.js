// Checks the Request a handler receives: method, URL, headers (case-insensitive), the body read
// as text, JSON and bytes, clone(), bodyUsed, and a Request built from a URL and an init.
export default {
  async fetch(request) {
    const out = [];
    out.push(`method: ${request.method}`);
    const url = new URL(request.url);
    out.push(`path: ${url.pathname}${url.search}`);
    out.push(`x-one: ${request.headers.get('X-One')}`);
    out.push(`x-multi: ${request.headers.get('x-multi')}`);
    out.push(`absent: ${request.headers.get('x-absent')}`);
    out.push(`has x-one: ${request.headers.has('x-one')}`);
    const copy = request.clone();
    out.push(`json: ${JSON.stringify(await request.json())}`);
    out.push(`bodyUsed: ${request.bodyUsed}`);
    out.push(`clone text: ${await copy.text()}`);
    const built = new Request('https://example.test/a?b=1', { method: 'PUT', headers: { 'x-built': 'yes' }, body: 'abc' });
    out.push(`built: ${built.method} ${built.url} ${built.headers.get('x-built')} ${new Uint8Array(await built.arrayBuffer()).join(',')}`);
    return new Response(out.join('\n') + '\n');
  },
};
