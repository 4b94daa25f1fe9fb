// Checks concurrent fetches: Promise.all over three started requests resolves each to its own
// response, and an unreachable origin among them rejects only its own promise with a TypeError.
export default {
  async fetch(request, env) {
    const out = [];
    const responses = await Promise.all(['one', 'two', 'three'].map((name) => fetch(`${env.api}/${name}`)));
    out.push(`all: ${responses.map((r) => r.status).join(',')}`);
    out.push(`urls: ${responses.map((r) => new URL(r.url).pathname).join(',')}`);
    out.push(`bodies: ${(await Promise.all(responses.map((r) => r.text()))).join(',')}`);
    const settled = await Promise.allSettled([fetch(`${env.api}/four`), fetch('http://127.0.0.1:1/')]);
    out.push(`settled: ${settled.map((s) => (s.status === 'fulfilled' ? s.value.status : s.reason.name)).join(',')}`);
    return new Response(out.join('\n') + '\n');
  },
};
