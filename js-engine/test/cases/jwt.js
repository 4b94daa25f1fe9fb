// Verifies HS256, RS256 and ES256 JWTs against a JWKS (and RS256 against a PEM), as an auth gateway does.
const decoder = new TextDecoder();
const fromB64url = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
const ALGORITHMS = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' },
};

async function verifyJwt(token, env) {
  const [header64, payload64, signature64] = token.split('.');
  const header = JSON.parse(decoder.decode(fromB64url(header64)));
  const data = new TextEncoder().encode(`${header64}.${payload64}`);
  const signature = fromB64url(signature64);
  let key;
  if (header.alg === 'HS256') {
    key = await crypto.subtle.importKey('raw', new TextEncoder().encode(env.HS_SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  } else {
    const jwk = JSON.parse(env.JWKS).keys.find((k) => k.kid === header.kid);
    key = await crypto.subtle.importKey('jwk', jwk, ALGORITHMS[header.alg], false, ['verify']);
  }
  const valid = await crypto.subtle.verify(header.alg === 'HS256' ? 'HMAC' : ALGORITHMS[header.alg], key, signature, data);
  return valid ? JSON.parse(decoder.decode(fromB64url(payload64))).sub : 'invalid';
}

export default {
  async fetch(request, env) {
    const out = [];
    for (const [name, token] of Object.entries(JSON.parse(env.TOKENS))) {
      out.push(`${name}: ${await verifyJwt(token, env)}`);
    }
    const pem = env.RSA_PEM.replace(/-----[^-]+-----|\s/g, '');
    const spkiKey = await crypto.subtle.importKey('spki', fromB64url(pem), ALGORITHMS.RS256, true, ['verify']);
    out.push(`spki key: ${JSON.stringify(spkiKey.algorithm)}`);
    const token = JSON.parse(env.TOKENS).RS256;
    const [h, p, s] = token.split('.');
    out.push(`RS256 via spki: ${await crypto.subtle.verify('RSASSA-PKCS1-v1_5', spkiKey, fromB64url(s), new TextEncoder().encode(`${h}.${p}`))}`);
    const exported = new Uint8Array(await crypto.subtle.exportKey('spki', spkiKey));
    out.push(`spki export round trip: ${btoa(String.fromCharCode(...exported)) === pem}`);
    out.push(`short signature: ${await crypto.subtle.verify('RSASSA-PKCS1-v1_5', spkiKey, new Uint8Array(3), new Uint8Array(1))}`);
    try {
      await crypto.subtle.importKey('jwk', JSON.parse(env.JWKS).keys[1], ALGORITHMS.RS256, false, ['verify']);
    } catch (e) {
      out.push(`EC JWK as RSA: ${e.name}: ${e.message}`);
    }
    return new Response(out.join('\n') + '\n');
  },
};
