// Response construction, statics and body readers.
export default {
  async fetch() {
    const out = [];
    const show = (name, value) => out.push(`${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
    const plain = new Response('text body', { status: 404, statusText: 'Not Here', headers: { 'x-a': '1' } });
    show('plain', [plain.status, plain.statusText, plain.ok, plain.headers.get('content-type'), await plain.text()]);
    const bytes = new Response(new Uint8Array([104, 105]));
    show('uint8array', [bytes.headers.get('content-type'), await bytes.text()]);
    const view = new Uint8Array([0, 65, 66, 67, 0]).subarray(1, 4);
    show('subarray', await new Response(view).text());
    show('arraybuffer', Array.from(new Uint8Array(await new Response(new Uint8Array([1, 2, 3]).buffer).arrayBuffer())));
    show('null body', [await new Response(null).text(), new Response().status, new Response(undefined, { status: 204 }).status]);
    const json = Response.json({ ok: true, list: [1, 'two'] }, { status: 202, headers: { 'x-b': '2' } });
    show('json', [json.status, json.headers.get('content-type'), json.headers.get('x-b'), await json.json()]);
    const redirect = Response.redirect('https://example.com/next');
    show('redirect', [redirect.status, redirect.headers.get('location')]);
    show('redirect 301', Response.redirect('https://example.com', 301).status);
    const original = new Response('cloned', { status: 299 });
    const clone = original.clone();
    show('clone', [await original.text(), await clone.text(), clone.status, original.ok]);
    show('params body', [new Response(new URLSearchParams({ a: 'b c' })).headers.get('content-type'),
      await new Response(new URLSearchParams({ a: 'b c' })).text()]);
    for (const bad of [() => new Response('x', { status: 99 }), () => new Response('x', { status: 600 }),
      () => new Response('x', { status: 204 }), () => Response.redirect('https://e.example', 200)]) {
      try {
        bad();
      } catch (e) {
        out.push(`refused: ${e.name}: ${e.message}`);
      }
    }
    return new Response(out.join('\n') + '\n', { status: 203, headers: { 'Content-Length': '999', 'X-Request-Id': 'mine' } });
  },
};
