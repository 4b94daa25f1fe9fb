// Values longer than the engine's first buffer take the buffer-retry path (SPEC §3.2); large bodies round trip.
const sha256 = async (bytes) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');

export default {
  async fetch(request, env) {
    const out = [];
    out.push(`url length: ${request.url.length}`);
    out.push(`header length: ${request.headers.get('x-long').length}, header count: ${[...request.headers].length}`);
    out.push(`config length: ${env.LONG.length}`);
    const body = new Uint8Array(await request.arrayBuffer());
    out.push(`body: ${body.length} bytes, sha-256 ${await sha256(body)}`);
    await env.KV.put('big', body.subarray(0, 700000));
    const back = new Uint8Array(await env.KV.get('big', 'arrayBuffer'));
    out.push(`kv round trip: ${back.length} bytes, same ${(await sha256(back)) === (await sha256(body.subarray(0, 700000)))}`);
    const upstream = await fetch('https://big.example/');
    out.push(`fetched: ${(await upstream.text()).length} characters`);
    const reply = new Uint8Array(2 * 1024 * 1024).fill(0x61);
    return new Response(`${out.join('\n')}\n${reply.length} bytes follow: ${new TextDecoder().decode(reply.subarray(0, 10))}...`);
  },
};
