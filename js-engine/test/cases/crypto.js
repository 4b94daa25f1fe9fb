// crypto.subtle: digest, HMAC sign/verify, key import and export, refusals.
const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
const text = (s) => new TextEncoder().encode(s);

export default {
  async fetch() {
    const out = [];
    for (const alg of ['SHA-256', 'sha-384', { name: 'SHA-512' }]) {
      out.push(`digest ${JSON.stringify(alg)}: ${hex(await crypto.subtle.digest(alg, text('abc')))}`);
    }
    out.push(`digest empty: ${hex(await crypto.subtle.digest('SHA-256', new Uint8Array(0)))}`);
    const key = await crypto.subtle.importKey('raw', text('key'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    out.push(`key: ${JSON.stringify([key.type, key.algorithm, key.extractable, key.usages])}`);
    const signature = await crypto.subtle.sign('HMAC', key, text('The quick brown fox jumps over the lazy dog'));
    out.push(`hmac: ${hex(signature)}`);
    out.push(`verify: ${await crypto.subtle.verify('HMAC', key, signature, text('The quick brown fox jumps over the lazy dog'))}`);
    out.push(`verify other data: ${await crypto.subtle.verify('HMAC', key, signature, text('other'))}`);
    const k512 = await crypto.subtle.importKey('jwk', { kty: 'oct', k: 'a2V5' }, { name: 'HMAC', hash: { name: 'SHA-512' } }, true, ['sign']);
    out.push(`hmac-512: ${hex(await crypto.subtle.sign({ name: 'HMAC' }, k512, text('data'))).slice(0, 32)}...`);
    out.push(`export raw: ${hex(await crypto.subtle.exportKey('raw', k512))} jwk: ${JSON.stringify(await crypto.subtle.exportKey('jwk', k512))}`);
    const generated = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, true, ['sign', 'verify']);
    out.push(`generated: ${generated.algorithm.length} bits, round trip ${await crypto.subtle.verify('HMAC', generated, await crypto.subtle.sign('HMAC', generated, text('x')), text('x'))}`);
    out.push(`timingSafeEqual: ${crypto.subtle.timingSafeEqual(text('ab'), text('ab'))} ${crypto.subtle.timingSafeEqual(text('ab'), text('ac'))}`);
    for (const [name, bad] of [
      ['sha-1', () => crypto.subtle.digest('SHA-1', text('x'))],
      ['md5', () => crypto.subtle.digest('MD5', text('x'))],
      ['aes', () => crypto.subtle.importKey('raw', text('k'), 'AES-GCM', false, ['encrypt'])],
      ['no hash', () => crypto.subtle.importKey('raw', text('k'), { name: 'HMAC' }, false, ['sign'])],
      ['empty key', () => crypto.subtle.importKey('raw', new Uint8Array(0), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])],
      ['usage', () => crypto.subtle.sign('HMAC', k512, text('x')).then(() => crypto.subtle.verify('HMAC', k512, new Uint8Array(64), text('x')))],
      ['not extractable', () => crypto.subtle.exportKey('raw', key)],
      ['pkcs8', () => crypto.subtle.importKey('pkcs8', new Uint8Array(8), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign'])],
      ['bad spki', () => crypto.subtle.importKey('spki', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify'])],
    ]) {
      try {
        await bad();
        out.push(`${name}: accepted`);
      } catch (e) {
        out.push(`${name}: ${e.name}: ${e.message}`);
      }
    }
    return new Response(out.join('\n') + '\n');
  },
};
