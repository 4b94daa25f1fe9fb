// The incoming Request and Request construction.
const out = [];
const show = (name, value) => out.push(`${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);

export default {
  async fetch(request) {
    show('method', request.method);
    show('url', request.url);
    show('content-type', request.headers.get('Content-Type'));
    show('x-multi', request.headers.get('x-multi'));
    const copy = request.clone();
    show('json', await request.json());
    show('bodyUsed', request.bodyUsed);
    try {
      await request.text();
    } catch (e) {
      show('second read', `${e.name}: ${e.message}`);
    }
    show('clone text', await copy.text());

    const built = new Request('https://api.example/v1/things?a=1', {
      method: 'post',
      headers: { 'X-Token': 'abc' },
      body: 'payload',
    });
    show('built', [built.method, built.url, built.headers.get('x-token'), built.headers.get('content-type')]);
    const derived = new Request(built, { headers: { 'x-other': '1' } });
    show('derived', [derived.method, derived.url, derived.headers.get('x-token'), derived.headers.get('x-other')]);
    show('derived buffer', new Uint8Array(await new Request(derived.clone()).arrayBuffer()).length);
    show('derived body', await derived.text());
    try {
      new Request(derived);
    } catch (e) {
      show('used body', `${e.name}: ${e.message}`);
    }
    show('patch kept', new Request('https://a.example/', { method: 'patch' }).method);
    show('custom kept', new Request('https://a.example/', { method: 'Purge' }).method);
    for (const bad of [() => new Request('/relative'), () => new Request('https://a.example/', { method: 'GET', body: 'x' }),
      () => new Request('https://a.example/', { method: 'BAD METHOD' })]) {
      try {
        bad();
      } catch (e) {
        show('refused', `${e.name}: ${e.message}`);
      }
    }
    return new Response(out.join('\n') + '\n');
  },
};
