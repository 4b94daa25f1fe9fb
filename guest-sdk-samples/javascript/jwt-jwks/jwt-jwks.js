// Validates RS256 and ES256 bearer tokens against a JWKS fetched from `env["jwks-url"]` and cached
// in the key-value store for `env["jwks-ttl"]` seconds (default 300), so that most requests fetch
// nothing. A valid token's claims come back as JSON; anything else is 401 with a reason.
const ALGORITHMS = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' },
};
const CACHE_KEY = 'jwks';
const decoder = new TextDecoder();

function fromBase64url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function refuse(reason) {
  return Response.json({ error: reason }, { status: 401, headers: { 'www-authenticate': 'Bearer' } });
}

// The key set: from the cache, else from the origin, cached with a TTL. A key set that does not
// parse is an error of the origin, not of the client.
async function keySet(env) {
  const cached = await env.KV.get(CACHE_KEY);
  if (cached !== null) {
    return JSON.parse(cached);
  }
  const response = await fetch(env['jwks-url']);
  if (!response.ok) {
    throw new Error(`the JWKS origin answered ${response.status}`);
  }
  const text = await response.text();
  const jwks = JSON.parse(text);
  if (!Array.isArray(jwks.keys)) {
    throw new Error('the JWKS has no keys');
  }
  await env.KV.put(CACHE_KEY, text, { expirationTtl: Number(env['jwks-ttl'] ?? 300) });
  return jwks;
}

async function verify(token, env) {
  const parts = token.split('.');
  if (parts.length !== 3) {
    return { error: 'malformed_token' };
  }
  let header;
  let claims;
  try {
    header = JSON.parse(decoder.decode(fromBase64url(parts[0])));
    claims = JSON.parse(decoder.decode(fromBase64url(parts[1])));
  } catch (e) {
    return { error: 'malformed_token' };
  }
  const algorithm = ALGORITHMS[header.alg];
  if (!algorithm) {
    return { error: 'unsupported_alg' };
  }
  const jwk = (await keySet(env)).keys.find((key) => key.kid === header.kid);
  if (!jwk) {
    return { error: 'unknown_kid' };
  }
  const key = await crypto.subtle.importKey('jwk', jwk, algorithm, false, ['verify']);
  const data = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
  if (!(await crypto.subtle.verify(algorithm, key, fromBase64url(parts[2]), data))) {
    return { error: 'bad_signature' };
  }
  if (typeof claims.exp === 'number' && claims.exp < Date.now() / 1000) {
    return { error: 'expired' };
  }
  return { claims, kid: header.kid, alg: header.alg };
}

export default {
  async fetch(request, env) {
    const authorization = request.headers.get('authorization') ?? '';
    if (!authorization.startsWith('Bearer ')) {
      return refuse('missing_token');
    }
    let result;
    try {
      result = await verify(authorization.slice('Bearer '.length), env);
    } catch (e) {
      console.error(`cannot verify a token: ${e.message}`);
      return Response.json({ error: 'jwks_unavailable' }, { status: 502 });
    }
    if (result.error) {
      return refuse(result.error);
    }
    return Response.json({ sub: result.claims.sub, alg: result.alg, kid: result.kid, claims: result.claims });
  },
};
