// harness.mjs - a development harness for edge-js.wasm; not part of the host.
//
// Runs a script in the engine the way the host will: instantiate the module,
// call _initialize, copy the script in with edge_js_alloc and evaluate it with
// edge_js_load, take a copy of memory, and answer every request in a fresh
// instance restored from that copy (so nothing one request does is seen by the
// next). The `edge` imports follow abi/SPEC.md over in-memory state: the request
// from the fixture, a key-value map, a configuration map and canned fetch
// responses.
//
//   node harness.mjs SCRIPT.js [FIXTURE.json] [--setup SETUP.mjs] [--time] [--wasm FILE]
//
// FIXTURE (every field optional):
//   requests   [{ method, url, headers: [[name, value]...], body, bodyEncoding }] (default: one GET
//              https://worker.example/; bodyEncoding is a Buffer encoding, utf8 by default)
//   scheduled  true: after the requests, run the scheduled handler once; or { cron, time }: run it
//              with the host's x-edge-schedule and x-edge-scheduled-time headers
//   config     { KEY: "value" }
//   kv         { key: "value" }  initial key-value entries
//   fetch      { URL: { status, headers: { name: value }, body } | "echo" | ERROR_CODE }
//              a URL absent here is refused as not allowed (-4); "echo" answers with
//              the request as JSON; a number makes fetch return it
//   now        fixed milliseconds since the epoch for time_now_ms
//   misuse     true: also call edge_js_load a second time, and handle in an instance that loaded nothing
// SETUP is a module whose default export takes the fixture and returns it, for
// fixtures computed at test time (keys and signed tokens).
// The output lists, per request, the log lines, then the response or the
// engine's error JSON; a body over 4 KiB is cut. --time prints load and request times to stderr.

import { readFileSync } from 'node:fs';
import { createHash, createHmac, createPublicKey, randomFillSync, verify } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WASI } from 'node:wasi';

const here = dirname(fileURLToPath(import.meta.url));

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const [, value] = args.splice(i, 2);
  return value;
};
const timing = args.includes('--time');
if (timing) args.splice(args.indexOf('--time'), 1);
const wasmPath = option('--wasm') || join(here, '..', 'edge-js.wasm');
const setupPath = option('--setup');
const [scriptPath, fixturePath] = args;
if (!scriptPath) {
  console.error('usage: node harness.mjs SCRIPT.js [FIXTURE.json] [--setup SETUP.mjs] [--time] [--wasm FILE]');
  process.exit(2);
}

let fixture = fixturePath ? JSON.parse(readFileSync(fixturePath, 'utf8')) : {};
if (setupPath) fixture = (await import(pathToFileURL(resolve(setupPath)).href)).default(fixture);
const requests = fixture.requests || [{ method: 'GET', url: 'https://worker.example/' }];

const NOT_FOUND = -1, INVALID_ARGUMENT = -2, LIMIT_EXCEEDED = -3, DENIED = -4, UNREACHABLE = -5, BAD_HANDLE = -6;
const LEVELS = ['debug', 'info', 'warn', 'error'];
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const RESPONSE_HOST_HEADERS = ['x-request-id', 'content-length', 'transfer-encoding', 'connection', 'keep-alive',
  'upgrade', 'trailer', 'server-timing'];
const FETCH_HOST_HEADERS = ['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer',
  'upgrade', 'expect', 'x-request-id', 'traceparent'];
const HASHES = { 1: 'sha256', 2: 'sha384', 3: 'sha512' };

class Trap extends Error {}

// The key-value store outlives instances, as the host's does; keys are latin1 strings of their bytes.
const kv = new Map(Object.entries(fixture.kv || {}).map(([k, v]) => [Buffer.from(k).toString('latin1'), { value: Buffer.from(v) }]));
const config = fixture.config || {};

// The per-request state of the host and the `edge` imports over an instance's memory.
function edgeImports(request, getMemory) {
  const state = { status: 200, headers: [], body: [], bodySize: 0, logs: [], bodyOffset: 0, kvOps: 0, fetches: 0,
    responses: new Map(), nextHandle: 1, calls: 0 };
  const requestBody = Buffer.from(request.body || '', request.bodyEncoding || 'utf8');
  const bytes = () => new Uint8Array(getMemory().buffer);
  const range = (ptr, len) => {
    ptr >>>= 0;
    len >>>= 0;
    if (ptr + len > getMemory().buffer.byteLength) throw new Trap(`out of bounds: [${ptr}, ${ptr + len})`);
    return [ptr, len];
  };
  const read = (ptr, len) => {
    const [p, l] = range(ptr, len);
    return Buffer.from(bytes().slice(p, p + l));
  };
  // SPEC §3.2: -2 for a negative cap, a trap for a buffer outside memory, else min(len, cap) bytes and len.
  const output = (buf, cap, value) => {
    if (cap < 0) return INVALID_ARGUMENT;
    const [p] = range(buf, cap);
    bytes().set(value.subarray(0, Math.min(cap, value.length)), p);
    return value.length;
  };
  const headerBlock = (pairs) => Buffer.from(pairs.map(([n, v]) => `${n.toLowerCase()}: ${v}\n`).join(''));
  const stream = (source, buf, cap) => {
    if (cap < 0) return INVALID_ARGUMENT;
    const [p] = range(buf, cap);
    const n = Math.min(cap, source.data.length - source.offset);
    bytes().set(source.data.subarray(source.offset, source.offset + n), p);
    source.offset += n;
    return n;
  };
  const reqBody = { data: requestBody, offset: 0 };
  const kvOp = (key) => {
    if (key.length === 0) return INVALID_ARGUMENT;
    if (key.length > 512 || ++state.kvOps > 1000) return LIMIT_EXCEEDED;
    return 0;
  };
  const live = (key) => {
    const entry = kv.get(key);
    if (entry && entry.expires !== undefined && entry.expires <= now()) {
      kv.delete(key);
      return undefined;
    }
    return entry;
  };
  const now = () => (fixture.now !== undefined ? fixture.now : Date.now());
  const response = (handle) => state.responses.get(handle);
  const checkHeader = (name, value) => {
    if (!TOKEN.test(name.toString('latin1'))) return INVALID_ARGUMENT;
    if (/[\r\n\0]/.test(value.toString('latin1'))) return INVALID_ARGUMENT;
    if (RESPONSE_HOST_HEADERS.includes(name.toString('latin1').toLowerCase())) return DENIED;
    return 0;
  };

  const imports = {
    req_method: (buf, cap) => output(buf, cap, Buffer.from(request.method || 'GET')),
    req_url: (buf, cap) => output(buf, cap, Buffer.from(request.url || 'https://worker.example/')),
    req_header: (name, nameLen, buf, cap) => {
      const n = read(name, nameLen).toString().toLowerCase();
      if (cap < 0 || !TOKEN.test(n)) return INVALID_ARGUMENT;
      const values = (request.headers || []).filter(([k]) => k.toLowerCase() === n).map(([, v]) => v);
      return values.length ? output(buf, cap, Buffer.from(values.join(', '))) : NOT_FOUND;
    },
    req_headers: (buf, cap) => output(buf, cap, headerBlock(request.headers || [])),
    req_body_read: (buf, cap) => stream(reqBody, buf, cap),
    // A flushed response (SPEC §5.6) keeps its head; the output says so and counts the writes after it.
    resp_flush: () => {
      if (state.flushed === undefined) state.flushed = { writes: 0 };
      return 0;
    },
    resp_set_status: (code) => {
      if (state.flushed !== undefined) return INVALID_ARGUMENT;
      if (code < 100 || code > 599) return INVALID_ARGUMENT;
      if (code < 200) return DENIED;
      state.status = code;
      return 0;
    },
    resp_set_header: (name, nameLen, value, valueLen) => {
      const n = read(name, nameLen), v = read(value, valueLen);
      if (state.flushed !== undefined) return INVALID_ARGUMENT;
      const code = checkHeader(n, v);
      if (code < 0) return code;
      const lower = n.toString().toLowerCase();
      state.headers = state.headers.filter(([k]) => k !== lower).concat([[lower, v.toString()]]);
      return 0;
    },
    resp_add_header: (name, nameLen, value, valueLen) => {
      const n = read(name, nameLen), v = read(value, valueLen);
      if (state.flushed !== undefined) return INVALID_ARGUMENT;
      const code = checkHeader(n, v);
      if (code < 0) return code;
      if (state.headers.length >= 100) return LIMIT_EXCEEDED;
      state.headers.push([n.toString().toLowerCase(), v.toString()]);
      return 0;
    },
    resp_write: (ptr, len) => {
      const data = read(ptr, len);
      if (state.bodySize + data.length > 10 * 1024 * 1024) return LIMIT_EXCEEDED;
      state.body.push(data);
      state.bodySize += data.length;
      if (state.flushed !== undefined) state.flushed.writes++;
      return len;
    },
    log: (level, ptr, len) => {
      state.logs.push(`log[${LEVELS[level] || 'info'}]: ${read(ptr, len).toString()}`);
    },
    config_get: (key, keyLen, buf, cap) => {
      const k = read(key, keyLen).toString();
      if (cap < 0) return INVALID_ARGUMENT;
      return Object.prototype.hasOwnProperty.call(config, k) ? output(buf, cap, Buffer.from(config[k])) : NOT_FOUND;
    },
    time_now_ms: () => BigInt(now()),
    random_fill: (ptr, len) => {
      if (len < 0 || len > 65536) return INVALID_ARGUMENT;
      const [p, l] = range(ptr, len);
      randomFillSync(bytes(), p, l);
      return 0;
    },
    kv_get: (key, keyLen, buf, cap) => {
      const k = read(key, keyLen);
      if (cap < 0) return INVALID_ARGUMENT;
      const code = kvOp(k);
      if (code < 0) return code;
      const entry = live(k.toString('latin1'));
      return entry ? output(buf, cap, entry.value) : NOT_FOUND;
    },
    kv_set: (key, keyLen, value, valueLen, ttl) => {
      const k = read(key, keyLen), v = read(value, valueLen);
      const code = ttl < 0 ? INVALID_ARGUMENT : v.length > 1024 * 1024 ? LIMIT_EXCEEDED : kvOp(k);
      if (code < 0) return code;
      kv.set(k.toString('latin1'), { value: v, expires: ttl > 0 ? now() + ttl * 1000 : undefined });
      return 0;
    },
    kv_delete: (key, keyLen) => {
      const k = read(key, keyLen);
      const code = kvOp(k);
      if (code < 0) return code;
      return live(k.toString('latin1')) && kv.delete(k.toString('latin1')) ? 0 : NOT_FOUND;
    },
    kv_incr: (key, keyLen, delta, ttl, out) => {
      const k = read(key, keyLen);
      const code = ttl < 0 ? INVALID_ARGUMENT : kvOp(k);
      if (code < 0) return code;
      range(out, 8);
      const entry = live(k.toString('latin1'));
      if (entry && !/^-?\d+$/.test(entry.value.toString())) return INVALID_ARGUMENT;
      const sum = (entry ? BigInt(entry.value.toString()) : 0n) + delta;
      if (sum > 2n ** 63n - 1n || sum < -(2n ** 63n)) return INVALID_ARGUMENT;
      kv.set(k.toString('latin1'), { value: Buffer.from(String(sum)), expires: entry ? entry.expires : ttl > 0 ? now() + ttl * 1000 : undefined });
      new DataView(getMemory().buffer).setBigInt64(out, sum, true);
      return 0;
    },
    kv_list: (prefix, prefixLen, after, afterLen, buf, cap) => {
      const p = read(prefix, prefixLen), a = read(after, afterLen);
      if (cap < 0) return INVALID_ARGUMENT;
      if (++state.kvOps > 1000) return LIMIT_EXCEEDED;
      range(buf, cap);
      const keys = Array.from(kv.keys()).filter((key) => live(key)).map((key) => Buffer.from(key, 'latin1'))
        .filter((key) => key.subarray(0, p.length).equals(p) && (a.length === 0 || Buffer.compare(key, a) > 0))
        .sort(Buffer.compare);
      const parts = [];
      let size = 0;
      for (const key of keys) {
        if (size + 4 + key.length > cap) {
          if (parts.length === 0) return LIMIT_EXCEEDED;
          break;
        }
        const len = Buffer.alloc(4);
        len.writeUInt32LE(key.length);
        parts.push(len, key);
        size += 4 + key.length;
      }
      bytes().set(Buffer.concat(parts), buf >>> 0);
      return size;
    },
    fetch: (method, methodLen, url, urlLen, headers, headersLen, body, bodyLen) => {
      const m = read(method, methodLen).toString(), u = read(url, urlLen).toString();
      const lines = read(headers, headersLen).toString().split('\n').filter((line) => line !== '');
      const data = read(body, bodyLen);
      if (!TOKEN.test(m) || !/^https?:\/\//.test(u)) return INVALID_ARGUMENT;
      const pairs = [];
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon <= 0 || !TOKEN.test(line.slice(0, colon)) || /[\r\0]/.test(line)) return INVALID_ARGUMENT;
        const name = line.slice(0, colon).toLowerCase();
        if (FETCH_HOST_HEADERS.includes(name)) return DENIED;
        pairs.push([name, line.slice(colon + 1).trim()]);
      }
      if (++state.fetches > 16) return LIMIT_EXCEEDED;
      const canned = (fixture.fetch || {})[u];
      if (canned === undefined) return DENIED;
      if (typeof canned === 'number') return canned;
      const answer = canned === 'echo'
        ? { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method: m, url: u, headers: pairs, body: data.toString() }) }
        : canned;
      const handle = state.nextHandle++;
      state.responses.set(handle, { status: answer.status || 200, headers: Object.entries(answer.headers || {}),
        body: { data: Buffer.from((answer.body || '').repeat(answer.repeat || 1)), offset: 0 } });
      return handle;
    },
    // Canned answers are ready at once; an unreachable origin (-5) fails its handle when waited on (SPEC §12.7).
    fetch_start: (...args) => {
      const result = imports.fetch(...args);
      if (result !== UNREACHABLE) return result;
      const handle = state.nextHandle++;
      state.responses.set(handle, { status: UNREACHABLE, headers: [], body: { data: Buffer.alloc(0), offset: 0 } });
      return handle;
    },
    fetch_wait_any: (handles, count, timeoutMs) => (count < 1 || count > 1000 || timeoutMs < 0 ? INVALID_ARGUMENT : 0),
    fetch_status: (handle) => (response(handle) ? response(handle).status : BAD_HANDLE),
    fetch_header: (handle, name, nameLen, buf, cap) => {
      const r = response(handle);
      const n = read(name, nameLen).toString().toLowerCase();
      if (!r) return BAD_HANDLE;
      if (cap < 0 || !TOKEN.test(n)) return INVALID_ARGUMENT;
      const values = r.headers.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v);
      return values.length ? output(buf, cap, Buffer.from(values.join(', '))) : NOT_FOUND;
    },
    fetch_headers: (handle, buf, cap) => (response(handle) ? output(buf, cap, headerBlock(response(handle).headers)) : BAD_HANDLE),
    fetch_body_read: (handle, buf, cap) => (response(handle) ? stream(response(handle).body, buf, cap) : BAD_HANDLE),
    fetch_close: (handle) => (state.responses.delete(handle) ? 0 : BAD_HANDLE),
    crypto_digest: (alg, data, dataLen, buf, cap) => {
      const d = read(data, dataLen);
      if (cap < 0 || !HASHES[alg]) return INVALID_ARGUMENT;
      return output(buf, cap, createHash(HASHES[alg]).update(d).digest());
    },
    crypto_hmac: (alg, key, keyLen, data, dataLen, buf, cap) => {
      const k = read(key, keyLen), d = read(data, dataLen);
      if (cap < 0 || !HASHES[alg] || k.length === 0) return INVALID_ARGUMENT;
      return output(buf, cap, createHmac(HASHES[alg], k).update(d).digest());
    },
    crypto_verify: (alg, key, keyLen, data, dataLen, sig, sigLen) => {
      const k = read(key, keyLen), d = read(data, dataLen), s = read(sig, sigLen);
      if (alg !== 1 && alg !== 2) return INVALID_ARGUMENT;
      let publicKey;
      try {
        publicKey = createPublicKey({ key: k, format: 'der', type: 'spki' });
      } catch (e) {
        return INVALID_ARGUMENT;
      }
      const details = publicKey.asymmetricKeyDetails || {};
      if (alg === 1 && (publicKey.asymmetricKeyType !== 'rsa' || details.modulusLength < 2048)) return INVALID_ARGUMENT;
      if (alg === 2 && (publicKey.asymmetricKeyType !== 'ec' || details.namedCurve !== 'prime256v1')) return INVALID_ARGUMENT;
      if (alg === 2 && s.length !== 64) return 0;
      try {
        return verify('sha256', d, alg === 2 ? { key: publicKey, dsaEncoding: 'ieee-p1363' } : publicKey, s) ? 1 : 0;
      } catch (e) {
        return 0;
      }
    },
  };
  // Counted for --time.
  for (const [name, fn] of Object.entries(imports)) {
    imports[name] = (...callArgs) => {
      state.calls++;
      return fn(...callArgs);
    };
  }
  return { imports, state };
}

const module = await WebAssembly.compile(readFileSync(wasmPath));

// A new instance with fresh WASI, `edge` imports for request, and _initialize run.
async function instantiate(request) {
  const wasi = new WASI({ version: 'preview1', args: [], env: {}, returnOnExit: true });
  let memory;
  const { imports, state } = edgeImports(request, () => memory);
  const instance = await WebAssembly.instantiate(module, { edge: imports, ...wasi.getImportObject() });
  memory = instance.exports.memory;
  wasi.initialize(instance);
  return { instance, state };
}

function errorOf(instance) {
  const { edge_js_error: error, edge_js_alloc: alloc, memory } = instance.exports;
  const len = error(0, 0);
  if (len === 0) return null;
  const buf = alloc(len);
  error(buf, len);
  return JSON.parse(Buffer.from(new Uint8Array(memory.buffer, buf, len)).toString());
}

function describeTrap(e) {
  return e instanceof Trap ? `trap: host function: ${e.message}` : `trap: ${e.message}`;
}

// Runs fn(), then prints the log lines, and either the trap or what print(error) gives, error being
// the engine's error report (null when there is none).
function report(instance, state, fn, print) {
  let trapped = null;
  try {
    fn();
  } catch (e) {
    trapped = e;
  }
  for (const line of state.logs) console.log(line);
  state.logs.length = 0;
  if (trapped) console.log(describeTrap(trapped));
  else print(errorOf(instance));
}

const printError = (error) => console.log(`error: ${JSON.stringify(error)}`);

const { instance: loader, state: loadState } = await instantiate({});
const source = readFileSync(scriptPath);
let loadResult;
const loadStart = process.hrtime.bigint();
report(loader, loadState, () => {
  const ptr = loader.exports.edge_js_alloc(source.length);
  new Uint8Array(loader.exports.memory.buffer).set(source, ptr);
  loadResult = loader.exports.edge_js_load(ptr, source.length);
}, (error) => {
  console.log(`load: ${loadResult}`);
  if (error) printError(error);
});
const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
const snapshot = new Uint8Array(loader.exports.memory.buffer).slice();
if (timing) {
  console.error(`load: ${loadMs.toFixed(1)} ms for ${source.length} bytes; memory after load: ${snapshot.length / 65536} pages`);
}

async function restored(request) {
  const { instance, state } = await instantiate(request);
  const memory = instance.exports.memory;
  const missing = snapshot.length - memory.buffer.byteLength;
  if (missing > 0) memory.grow(missing / 65536);
  new Uint8Array(memory.buffer).set(snapshot);
  return { instance, state };
}

if (fixture.misuse) {
  const again = Buffer.from('export default { fetch: () => new Response("second") };');
  report(loader, loadState, () => {
    const ptr = loader.exports.edge_js_alloc(again.length);
    new Uint8Array(loader.exports.memory.buffer).set(again, ptr);
    console.log(`== load again: ${loader.exports.edge_js_load(ptr, again.length)}`);
  }, (error) => error && printError(error));
  console.log('== handle without load');
  const { instance: empty, state: emptyState } = await instantiate({});
  report(empty, emptyState, () => empty.exports.handle(), (error) => error && printError(error));
}

if (loadResult === 0) {
  for (const [i, request] of requests.entries()) {
    console.log(`== request ${i + 1}: ${request.method || 'GET'} ${request.url || 'https://worker.example/'}`);
    const { instance, state } = await restored(request);
    const start = process.hrtime.bigint();
    report(instance, state, () => instance.exports.handle(), (error) => {
      const flushed = state.flushed === undefined ? ''
        : `flushed: status ${state.status}, then ${state.flushed.writes} writes, ${state.bodySize} bytes in all`;
      if (error) {
        // After a flush the host cuts the response instead of answering with the error.
        if (flushed) console.log(`${flushed}, cut`);
        printError(error);
        return;
      }
      if (flushed) console.log(flushed);
      console.log(`status: ${state.status}`);
      for (const [name, value] of state.headers) console.log(`header: ${name}: ${value}`);
      const body = Buffer.concat(state.body);
      // Long bodies are cut, with their size and digest, to keep the output readable.
      console.log(body.length <= 4096 ? `body: ${body.toString()}`
        : `body: ${body.subarray(0, 1024).toString()}... (${body.length} bytes, sha-256 ${createHash('sha256').update(body).digest('hex')})`);
    });
    if (timing) {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      console.error(`request ${i + 1}: ${ms.toFixed(2)} ms, ${state.calls} host calls, memory ${instance.exports.memory.buffer.byteLength / 65536} pages`);
    }
  }
  if (fixture.scheduled) {
    console.log('== scheduled');
    const run = fixture.scheduled;
    const { instance, state } = await restored(run === true ? {} : {
      method: 'SCHEDULED',
      url: 'http://localhost/worker',
      headers: [['x-edge-schedule', run.cron], ['x-edge-scheduled-time', String(run.time)]],
    });
    report(instance, state, () => instance.exports.edge_js_scheduled(), (error) => (error ? printError(error) : console.log('scheduled: done')));
  }
}
