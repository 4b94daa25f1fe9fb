// Makes fresh keys and tokens for jwt.js: an HS256 secret, an RSA and an EC P-256 key pair,
// a JWKS of the public keys, a PEM of the RSA key, and tokens signed with each (plus tampered ones).
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';

const b64url = (data) => Buffer.from(data).toString('base64url');

function token(alg, kid, signer) {
  const input = `${b64url(JSON.stringify({ alg, typ: 'JWT', kid }))}.${b64url(JSON.stringify({ sub: `user-${alg}`, exp: 4102444800 }))}`;
  return `${input}.${b64url(signer(Buffer.from(input)))}`;
}

export default function setup(fixture) {
  const secret = 'a shared secret of enough length!';
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwks = { keys: [
    { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
    { ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec-1', alg: 'ES256', use: 'sig' },
  ] };
  const tokens = {
    HS256: token('HS256', 'hs', (data) => createHmac('sha256', secret).update(data).digest()),
    RS256: token('RS256', 'rsa-1', (data) => sign('sha256', data, rsa.privateKey)),
    ES256: token('ES256', 'ec-1', (data) => sign('sha256', data, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' })),
  };
  const tamper = (t) => t.replace(/\.([^.]+)\./, (m, payload) => `.${b64url(JSON.stringify({ sub: 'admin', exp: 4102444800 }))}.`);
  return {
    ...fixture,
    config: {
      HS_SECRET: secret,
      JWKS: JSON.stringify(jwks),
      RSA_PEM: rsa.publicKey.export({ format: 'pem', type: 'spki' }),
      TOKENS: JSON.stringify({ ...tokens, 'HS256 tampered': tamper(tokens.HS256), 'RS256 tampered': tamper(tokens.RS256), 'ES256 tampered': tamper(tokens.ES256) }),
    },
  };
}
