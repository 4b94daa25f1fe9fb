// Checks crypto: crypto.subtle digest, HMAC importKey, sign, verify, exportKey and generateKey,
// timingSafeEqual, getRandomValues and randomUUID.
const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

export default {
  async fetch() {
    const out = [];
    const data = new TextEncoder().encode('abc');
    out.push(`sha-256: ${hex(await crypto.subtle.digest('SHA-256', data))}`);
    out.push(`sha-512 length: ${(await crypto.subtle.digest('SHA-512', data)).byteLength}`);
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('key'), { name: 'HMAC', hash: 'SHA-256' }, true, ['sign', 'verify']);
    const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode('The quick brown fox jumps over the lazy dog'));
    out.push(`hmac: ${hex(mac)}`);
    out.push(`verify: ${await crypto.subtle.verify('HMAC', key, mac, new TextEncoder().encode('The quick brown fox jumps over the lazy dog'))}`);
    out.push(`verify other: ${await crypto.subtle.verify('HMAC', key, mac, data)}`);
    out.push(`export: ${hex(await crypto.subtle.exportKey('raw', key))}`);
    const generated = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, true, ['sign']);
    out.push(`generated: ${generated.algorithm.name} ${(await crypto.subtle.exportKey('raw', generated)).byteLength}`);
    out.push(`timingSafeEqual: ${crypto.subtle.timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))}`);
    const random = crypto.getRandomValues(new Uint8Array(16));
    out.push(`random: ${random.length}`);
    out.push(`uuid: ${/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID())}`);
    return new Response(out.join('\n') + '\n');
  },
};
