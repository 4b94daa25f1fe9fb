// AssemblyScript SDK for ABI v1 of the edge host (abi/SPEC.md).
//
// AssemblyScript has no exceptions a guest could catch, so failures are values: a function that
// returns a value returns null when the host reports it absent or fails, and every call leaves
// the ABI's result code (0 or a negative error code, §3.3) in lastError(). Values of unknown
// length are read with the buffer-retry convention (§3.2). Strings are UTF-8 on the wire.

import * as host from "./imports";

export const NOT_FOUND: i32 = -1;
export const INVALID_ARGUMENT: i32 = -2;
export const LIMIT_EXCEEDED: i32 = -3;
export const DENIED: i32 = -4;
export const UPSTREAM_FAILURE: i32 = -5;
export const BAD_HANDLE: i32 = -6;

let lastCode: i32 = 0;

/** The result code of the last call: 0, or a negative ABI error code. */
export function lastError(): i32 {
  return lastCode;
}

function code(result: i32): i32 {
  lastCode = result < 0 ? result : 0;
  return result;
}

function utf8(text: string): ArrayBuffer {
  return String.UTF8.encode(text);
}

/** Reads a value of unknown length with the buffer-retry convention; null when absent or failed. */
function readValue(call: (buf: usize, cap: i32) => i32): Uint8Array | null {
  let buffer = new Uint8Array(256);
  let length = code(call(buffer.dataStart, buffer.length));
  if (length < 0) return null;
  if (length > buffer.length) {
    buffer = new Uint8Array(length);
    length = code(call(buffer.dataStart, buffer.length));
    if (length < 0) return null;
  }
  return buffer.subarray(0, length);
}

function text(bytes: Uint8Array | null): string | null {
  if (bytes === null) return null;
  return String.UTF8.decodeUnsafe(bytes.dataStart, bytes.length);
}

/** A header line: lower-case name and value. */
export class Header {
  constructor(public name: string, public value: string) {}
}

function parseHeaderBlock(block: string | null): Header[] {
  const headers = new Array<Header>();
  if (block === null) return headers;
  const lines = block.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const at = lines[i].indexOf(": ");
    if (at > 0) headers.push(new Header(lines[i].substring(0, at), lines[i].substring(at + 2)));
  }
  return headers;
}

// Buffer-retry readers need plain functions (no closures), so the current arguments live here.
let argumentPtr: usize = 0;
let argumentLen: i32 = 0;
let argumentHandle: i32 = 0;

/** The request being handled (§4). */
export namespace request {
  export function method(): string {
    return text(readValue((buf: usize, cap: i32): i32 => host.req_method(buf, cap)))!;
  }

  export function url(): string {
    return text(readValue((buf: usize, cap: i32): i32 => host.req_url(buf, cap)))!;
  }

  /** The path of the URL, without the query. */
  export function path(): string {
    const full = url();
    const scheme = full.indexOf("://");
    const start = full.indexOf("/", scheme < 0 ? 0 : scheme + 3);
    if (start < 0) return "/";
    const query = full.indexOf("?", start);
    return query < 0 ? full.substring(start) : full.substring(start, query);
  }

  /** A header's value, several lines joined with ", "; null when absent (§4.3). */
  export function header(name: string): string | null {
    const encoded = utf8(name);
    argumentPtr = changetype<usize>(encoded);
    argumentLen = encoded.byteLength;
    return text(readValue((buf: usize, cap: i32): i32 => host.req_header(argumentPtr, argumentLen, buf, cap)));
  }

  /** Every header line, in the order received (§4.4). */
  export function headers(): Header[] {
    return parseHeaderBlock(text(readValue((buf: usize, cap: i32): i32 => host.req_headers(buf, cap))));
  }

  /** The whole body (§4.5). */
  export function body(): Uint8Array {
    let body = new Uint8Array(0);
    const chunk = new Uint8Array(16384);
    while (true) {
      const read = code(host.req_body_read(chunk.dataStart, chunk.length));
      if (read <= 0) return body;
      const joined = new Uint8Array(body.length + read);
      joined.set(body);
      joined.set(chunk.subarray(0, read), body.length);
      body = joined;
    }
  }

  export function bodyText(): string {
    const bytes = body();
    return String.UTF8.decodeUnsafe(bytes.dataStart, bytes.length);
  }
}

/** The response being built (§5). Each function returns 0 or the ABI error code. */
export namespace response {
  export function setStatus(status: i32): i32 {
    return code(host.resp_set_status(status));
  }

  export function setHeader(name: string, value: string): i32 {
    const n = utf8(name);
    const v = utf8(value);
    return code(host.resp_set_header(changetype<usize>(n), n.byteLength, changetype<usize>(v), v.byteLength));
  }

  /** Adds a header line, keeping earlier values, as for several set-cookie (§5.3). */
  export function addHeader(name: string, value: string): i32 {
    const n = utf8(name);
    const v = utf8(value);
    return code(host.resp_add_header(changetype<usize>(n), n.byteLength, changetype<usize>(v), v.byteLength));
  }

  export function write(body: string): i32 {
    const bytes = utf8(body);
    return code(host.resp_write(changetype<usize>(bytes), bytes.byteLength));
  }

  /**
   * Sends the status, the headers and the body so far to the client now (§5.6): later writes go
   * out as they are written, the head can no longer change (-2), and a failure after it cuts the
   * response instead of replacing it.
   */
  export function flush(): i32 {
    return code(host.resp_flush());
  }

  /** Status, content type and body in one call. */
  export function send(status: i32, contentType: string, body: string): i32 {
    setStatus(status);
    setHeader("content-type", contentType);
    return write(body);
  }
}

/** Log levels (§6.1). */
export enum Level { Debug = 0, Info = 1, Warn = 2, Error = 3 }

/** Writes one line to the function's log (§6.1). */
export function log(level: Level, message: string): void {
  const bytes = utf8(message);
  host.log(level, changetype<usize>(bytes), bytes.byteLength);
}

/** A configuration value given at deploy, or null (§6.2). */
export function config(key: string): string | null {
  const encoded = utf8(key);
  argumentPtr = changetype<usize>(encoded);
  argumentLen = encoded.byteLength;
  return text(readValue((buf: usize, cap: i32): i32 => host.config_get(argumentPtr, argumentLen, buf, cap)));
}

/** Wall-clock milliseconds since the Unix epoch (§6.3). */
export function nowMs(): i64 {
  return host.time_now_ms();
}

/** Secure random bytes (§6.4). */
export function randomBytes(length: i32): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let at = 0; at < length; at += 65536) {
    code(host.random_fill(bytes.dataStart + at, min(65536, length - at)));
  }
  return bytes;
}

/** The function's key-value store (§11); keys and values are strings here. */
export namespace kv {
  /** The value, or null when absent (lastError() is NOT_FOUND) or on failure. */
  export function get(key: string): string | null {
    const encoded = utf8(key);
    argumentPtr = changetype<usize>(encoded);
    argumentLen = encoded.byteLength;
    return text(readValue((buf: usize, cap: i32): i32 => host.kv_get(argumentPtr, argumentLen, buf, cap)));
  }

  /** Stores the value; ttlSeconds 0 keeps it until deleted. Returns 0 or the error code. */
  export function set(key: string, value: string, ttlSeconds: i32 = 0): i32 {
    const k = utf8(key);
    const v = utf8(value);
    return code(host.kv_set(changetype<usize>(k), k.byteLength, changetype<usize>(v), v.byteLength, ttlSeconds));
  }

  /** Whether an entry was deleted. */
  export function remove(key: string): bool {
    const k = utf8(key);
    return code(host.kv_delete(changetype<usize>(k), k.byteLength)) == 0;
  }

  /** The new value after adding delta; check lastError() for failure. */
  export function incr(key: string, delta: i64, ttlSeconds: i32 = 0): i64 {
    const k = utf8(key);
    const out = new Uint8Array(8);
    if (code(host.kv_incr(changetype<usize>(k), k.byteLength, delta, ttlSeconds, out.dataStart)) < 0) return 0;
    return load<i64>(out.dataStart);
  }

  /** Every key with the prefix, in byte order, over all pages (§11.5). */
  export function list(prefix: string): string[] {
    const keys = new Array<string>();
    const p = utf8(prefix);
    const buffer = new Uint8Array(4096);
    let after = new ArrayBuffer(0);
    while (true) {
      const written = code(host.kv_list(changetype<usize>(p), p.byteLength, changetype<usize>(after), after.byteLength,
        buffer.dataStart, buffer.length));
      if (written <= 0) return keys;
      let at = 0;
      while (at + 4 <= written) {
        const length = load<u32>(buffer.dataStart + at) as i32;
        keys.push(String.UTF8.decodeUnsafe(buffer.dataStart + at + 4, length));
        after = buffer.slice(at + 4, at + 4 + length).buffer;
        at += 4 + length;
      }
    }
  }
}

/** A complete response of an outbound fetch (§12); call close() when done. */
export class FetchResponse {
  constructor(public handle: i32) {}

  status(): i32 {
    return code(host.fetch_status(this.handle));
  }

  header(name: string): string | null {
    const encoded = utf8(name);
    argumentPtr = changetype<usize>(encoded);
    argumentLen = encoded.byteLength;
    argumentHandle = this.handle;
    return text(readValue((buf: usize, cap: i32): i32 => host.fetch_header(argumentHandle, argumentPtr, argumentLen, buf, cap)));
  }

  headers(): Header[] {
    argumentHandle = this.handle;
    return parseHeaderBlock(text(readValue((buf: usize, cap: i32): i32 => host.fetch_headers(argumentHandle, buf, cap))));
  }

  bodyText(): string {
    let body = "";
    const chunk = new Uint8Array(16384);
    while (true) {
      const read = code(host.fetch_body_read(this.handle, chunk.dataStart, chunk.length));
      if (read <= 0) return body;
      body += String.UTF8.decodeUnsafe(chunk.dataStart, read);
    }
  }

  close(): void {
    code(host.fetch_close(this.handle));
  }
}

/** Sends a request (§12.1); null on failure, with the code in lastError(). Headers are "name: value" lines. */
export function fetch(method: string, url: string, headers: string = "", body: string = ""): FetchResponse | null {
  const m = utf8(method);
  const u = utf8(url);
  const h = utf8(headers);
  const b = utf8(body);
  const handle = code(host.fetch(changetype<usize>(m), m.byteLength, changetype<usize>(u), u.byteLength,
    changetype<usize>(h), h.byteLength, changetype<usize>(b), b.byteLength));
  return handle < 0 ? null : new FetchResponse(handle);
}

/**
 * Starts a request (§12.7) and returns its response at once, while the request runs; its methods
 * wait for it. null when the request is refused (-2, -3, -4), with the code in lastError().
 */
export function fetchStart(method: string, url: string, headers: string = "", body: string = ""): FetchResponse | null {
  const m = utf8(method);
  const u = utf8(url);
  const h = utf8(headers);
  const b = utf8(body);
  const handle = code(host.fetch_start(changetype<usize>(m), m.byteLength, changetype<usize>(u), u.byteLength,
    changetype<usize>(h), h.byteLength, changetype<usize>(b), b.byteLength));
  return handle < 0 ? null : new FetchResponse(handle);
}

/** Waits until the response's status and headers are in (§12.8): 0, or -4, -5, -6. */
export function fetchWait(response: FetchResponse): i32 {
  return code(host.fetch_wait(response.handle));
}

/** The index of the first of the responses that is ready or failed (§12.9), or -1 after timeoutMs. */
export function fetchWaitAny(responses: FetchResponse[], timeoutMs: i32): i32 {
  const handles = new Int32Array(responses.length);
  for (let i = 0; i < responses.length; i++) handles[i] = responses[i].handle;
  return code(host.fetch_wait_any(handles.dataStart, handles.length, timeoutMs));
}

/**
 * Join: starts every GET at once and waits for all of them, so it takes as long as the slowest.
 * Each entry is the response, or null when its fetch was refused or failed.
 */
export function fetchAll(urls: string[]): (FetchResponse | null)[] {
  const started = new Array<FetchResponse | null>(urls.length);
  for (let i = 0; i < urls.length; i++) started[i] = fetchStart("GET", urls[i]);
  for (let i = 0; i < urls.length; i++) {
    const response = started[i];
    if (response != null && fetchWait(response) < 0) {
      response.close();
      started[i] = null;
    }
  }
  return started;
}

/** Digests, HMACs and signature checks done by the host (§13). */
export namespace crypto {
  export const SHA256: i32 = 1;
  export const SHA384: i32 = 2;
  export const SHA512: i32 = 3;
  export const RS256: i32 = 1;
  export const ES256: i32 = 2;

  export function digest(alg: i32, data: Uint8Array): Uint8Array | null {
    argumentHandle = alg;
    argumentPtr = data.dataStart;
    argumentLen = data.length;
    return readValue((buf: usize, cap: i32): i32 => host.crypto_digest(argumentHandle, argumentPtr, argumentLen, buf, cap));
  }

  export function hmac(alg: i32, key: Uint8Array, data: Uint8Array): Uint8Array | null {
    const out = new Uint8Array(64);
    const length = code(host.crypto_hmac(alg, key.dataStart, key.length, data.dataStart, data.length, out.dataStart, out.length));
    return length < 0 ? null : out.subarray(0, length);
  }

  /** 1 for a valid signature, 0 for an invalid one, or a negative error code. */
  export function verify(alg: i32, key: Uint8Array, data: Uint8Array, signature: Uint8Array): i32 {
    return code(host.crypto_verify(alg, key.dataStart, key.length, data.dataStart, data.length, signature.dataStart, signature.length));
  }
}

/** Routes AssemblyScript's aborts (a failed assertion, an out-of-range index) to the log, then traps. */
export function abort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  log(Level.Error, "abort: " + (message !== null ? message : "") + " at " + (fileName !== null ? fileName : "?")
    + ":" + line.toString() + ":" + column.toString());
  unreachable();
}
