// prelude.js - the Workers API of the edge JavaScript engine, over the native
// bindings of engine.c. engine.c evaluates this file once, before the user's
// script, calls the function with the bindings and keeps the hooks it returns;
// the bindings stay out of the user's reach.
(function (native) {
  'use strict';

  const global = globalThis;

  function define(name, value) {
    Object.defineProperty(global, name, { value, writable: true, configurable: true, enumerable: false });
  }

  // Internal state of the API's objects lives under these symbols, shared by the classes below.
  const kBody = Symbol('body');
  const kBodyLoader = Symbol('bodyLoader');
  const kBodyUsed = Symbol('bodyUsed');
  const kList = Symbol('list');
  const kKey = Symbol('key');
  const kStream = Symbol('stream');
  const kStreamBody = Symbol('streamBody');
  const kBodySource = Symbol('bodySource');
  const kStreamState = Symbol('streamState');
  const kWritable = Symbol('writable');
  const kImmutable = Symbol('immutable');
  const kSmallBody = Symbol('smallBody');

  const LOG_DEBUG = 0, LOG_INFO = 1, LOG_WARN = 2, LOG_ERROR = 3;

  // ---- ES2022 library additions QuickJS 2021-03-27 lacks ------------------------
  // Bundlers lower new syntax but leave library calls as they are, so these are filled in.

  function addMethod(target, name, fn) {
    if (!(name in target)) Object.defineProperty(target, name, { value: fn, writable: true, configurable: true });
  }

  function at(index) {
    const i = Math.trunc(index) || 0;
    const k = i < 0 ? this.length + i : i;
    return k < 0 || k >= this.length ? undefined : this[k];
  }

  function findLast(predicate, thisArg) {
    for (let i = this.length - 1; i >= 0; i--) if (predicate.call(thisArg, this[i], i, this)) return this[i];
    return undefined;
  }

  function findLastIndex(predicate, thisArg) {
    for (let i = this.length - 1; i >= 0; i--) if (predicate.call(thisArg, this[i], i, this)) return i;
    return -1;
  }

  const TypedArray = Object.getPrototypeOf(Uint8Array.prototype);
  for (const proto of [Array.prototype, TypedArray]) {
    addMethod(proto, 'at', at);
    addMethod(proto, 'findLast', findLast);
    addMethod(proto, 'findLastIndex', findLastIndex);
  }
  addMethod(String.prototype, 'at', function (index) {
    return at.call(String(this), index);
  });
  addMethod(Object, 'hasOwn', (object, key) => Object.prototype.hasOwnProperty.call(Object(object), key));

  // ---- Formatting for console and error messages -----------------------------

  function quote(s) {
    return "'" + s.replace(/[\\']/g, '\\$&').replace(/\n/g, '\\n') + "'";
  }

  function formatKey(key) {
    return /^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key);
  }

  const MAX_STACK_FRAMES = 20;

  // A stack without the frames of this prelude, which say nothing about the user's script, and cut
  // after MAX_STACK_FRAMES frames so that a runaway recursion does not flood the log.
  function userStack(stack) {
    const frames = String(stack).split('\n').filter((line) => line !== '' && !/\(?edge:(prelude|entry)/.test(line));
    if (frames.length <= MAX_STACK_FRAMES) return frames.join('\n');
    return frames.slice(0, MAX_STACK_FRAMES).concat([`    ... ${frames.length - MAX_STACK_FRAMES} more frames`]).join('\n');
  }

  function formatError(e) {
    const head = `${e.name}: ${e.message}`;
    const stack = e.stack === undefined ? '' : userStack(e.stack);
    return stack ? `${head}\n${stack}` : head;
  }

  // Node-style rendering of any value; strings at the top level are printed as they are.
  function inspect(value, depth = 0, seen = []) {
    switch (typeof value) {
      case 'string': return depth === 0 ? value : quote(value);
      case 'number': return Object.is(value, -0) ? '-0' : String(value);
      case 'bigint': return `${value}n`;
      case 'symbol': return value.toString();
      case 'undefined': return 'undefined';
      case 'boolean': return String(value);
      case 'function': {
        const kind = /^class\b/.test(Function.prototype.toString.call(value)) ? 'class' : 'Function';
        return `[${kind}: ${value.name || '(anonymous)'}]`;
      }
    }
    if (value === null) return 'null';
    if (seen.includes(value)) return '[Circular]';
    if (value instanceof Error) return formatError(value);
    if (value instanceof Date) return isNaN(value) ? 'Invalid Date' : value.toISOString();
    if (value instanceof RegExp) return String(value);
    if (value instanceof URL) return `URL '${value.href}'`;
    if (value instanceof Promise) return 'Promise {}';
    if (depth > 3) return Array.isArray(value) ? '[Array]' : '[Object]';
    const inner = (v) => inspect(v, depth + 1, seen.concat([value]));
    const wrap = (prefix, items, open = '{', close = '}') =>
      items.length === 0 ? `${prefix}${open}${close}` : `${prefix}${open} ${items.join(', ')} ${close}`;
    if (Array.isArray(value)) return wrap('', value.map(inner), '[', ']');
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      return wrap(`${value.constructor.name}(${value.length}) `, Array.from(value, inner), '[', ']');
    }
    if (value instanceof ArrayBuffer) return `ArrayBuffer { byteLength: ${value.byteLength} }`;
    if (value instanceof Map) {
      return wrap(`Map(${value.size}) `, Array.from(value, ([k, v]) => `${inner(k)} => ${inner(v)}`));
    }
    if (value instanceof Set) return wrap(`Set(${value.size}) `, Array.from(value, inner));
    if (value instanceof Headers) {
      return wrap('Headers ', Array.from(value, ([k, v]) => `${quote(k)} => ${quote(v)}`));
    }
    const proto = Object.getPrototypeOf(value);
    const name = proto === null ? '[Object: null prototype] '
      : proto !== Object.prototype && proto.constructor && proto.constructor.name ? `${proto.constructor.name} ` : '';
    return wrap(name, Object.keys(value).map((k) => `${formatKey(k)}: ${inner(value[k])}`));
  }

  // console.log's printf-like substitutions (%s %d %i %f %o %O %j %c %%), then the rest joined by spaces.
  function formatArgs(args) {
    let rest = args;
    let out = '';
    if (typeof args[0] === 'string' && args[0].includes('%')) {
      let i = 1;
      out = args[0].replace(/%[sdifoOjc%]/g, (spec) => {
        if (spec === '%%') return '%';
        if (i >= args.length) return spec;
        const arg = args[i++];
        switch (spec) {
          case '%s': return typeof arg === 'string' ? arg : inspect(arg, 1);
          case '%d': case '%i': return typeof arg === 'bigint' ? `${arg}n`
            : String(spec === '%i' ? Math.trunc(Number(arg)) : Number(arg));
          case '%f': return String(Number(arg));
          case '%j': return JSON.stringify(arg);
          case '%c': return '';
          default: return inspect(arg, 1);
        }
      });
      rest = args.slice(i);
    } else if (args.length > 0) {
      out = inspect(args[0]);
      rest = args.slice(1);
    }
    for (const arg of rest) out += ' ' + inspect(arg);
    return out;
  }

  function log(level, text) {
    native.log(level, text);
  }

  const counts = new Map();
  const timings = new Map();
  const console = {
    log: (...args) => log(LOG_INFO, formatArgs(args)),
    info: (...args) => log(LOG_INFO, formatArgs(args)),
    warn: (...args) => log(LOG_WARN, formatArgs(args)),
    error: (...args) => log(LOG_ERROR, formatArgs(args)),
    debug: (...args) => log(LOG_DEBUG, formatArgs(args)),
    trace: (...args) => log(LOG_DEBUG, `Trace: ${formatArgs(args)}\n${userStack(new Error().stack)}`),
    dir: (value) => log(LOG_INFO, inspect(value, 1)),
    table: (...args) => log(LOG_INFO, formatArgs(args)),
    assert: (condition, ...args) => {
      if (!condition) log(LOG_ERROR, args.length ? `Assertion failed: ${formatArgs(args)}` : 'Assertion failed');
    },
    count: (label = 'default') => {
      counts.set(label, (counts.get(label) || 0) + 1);
      log(LOG_INFO, `${label}: ${counts.get(label)}`);
    },
    countReset: (label = 'default') => counts.delete(label),
    time: (label = 'default') => timings.set(label, Date.now()),
    timeLog: (label = 'default', ...args) =>
      log(LOG_INFO, `${label}: ${Date.now() - timings.get(label)}ms${args.length ? ' ' + formatArgs(args) : ''}`),
    timeEnd: (label = 'default') => {
      log(LOG_INFO, `${label}: ${Date.now() - timings.get(label)}ms`);
      timings.delete(label);
    },
    group: (...args) => args.length && log(LOG_INFO, formatArgs(args)),
    groupEnd: () => {},
  };
  define('console', console);

  // ---- DOMException ------------------------------------------------------------

  const domExceptionCodes = {
    IndexSizeError: 1, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11, SyntaxError: 12,
    InvalidAccessError: 15, TypeMismatchError: 17, QuotaExceededError: 22, DataCloneError: 25,
    InvalidCharacterError: 5, OperationError: 0, DataError: 0, AbortError: 20, TimeoutError: 23,
  };

  class DOMException extends Error {
    constructor(message = '', name = 'Error') {
      super(message);
      Object.defineProperty(this, 'name', { value: String(name), writable: true, configurable: true });
    }
    get code() {
      return domExceptionCodes[this.name] || 0;
    }
  }
  define('DOMException', DOMException);

  // ---- Bytes, UTF-8 and base64 ----------------------------------------------------

  // A Uint8Array over the bytes of a BufferSource, without copying them.
  function bufferSourceBytes(source, what = 'value') {
    if (source instanceof ArrayBuffer) return new Uint8Array(source);
    if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    throw new TypeError(`${what} must be an ArrayBuffer or an ArrayBufferView`);
  }

  function utf8(text) {
    return new Uint8Array(native.utf8Encode(String(text)));
  }

  function decodeUtf8(bytes) {
    return native.utf8Decode(bytes, false);
  }

  function copyToArrayBuffer(bytes) {
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }

  function concatBytes(parts) {
    let length = 0;
    for (const p of parts) length += p.length;
    const out = new Uint8Array(length);
    let offset = 0;
    for (const p of parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  }

  class TextEncoder {
    get encoding() {
      return 'utf-8';
    }
    encode(input = '') {
      return utf8(input);
    }
    // Writes the longest prefix of whole characters that fits; read counts UTF-16 units.
    encodeInto(input, destination) {
      const text = String(input);
      let read = 0, written = 0;
      for (const ch of text) {
        const cp = ch.codePointAt(0);
        const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (written + size > destination.length) break;
        destination.set(utf8(ch), written);
        written += size;
        read += ch.length;
      }
      return { read, written };
    }
  }
  define('TextEncoder', TextEncoder);

  // The number of bytes at the end of bytes that begin a UTF-8 sequence the rest of a stream may complete.
  function incompleteTail(bytes) {
    for (let back = 1; back <= 3 && back <= bytes.length; back++) {
      const b = bytes[bytes.length - back];
      if ((b & 0xC0) === 0x80) continue;
      const need = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 1;
      return need > back ? back : 0;
    }
    return 0;
  }

  class TextDecoder {
    #fatal;
    #ignoreBOM;
    #pending = new Uint8Array(0);
    #started = false;
    constructor(label = 'utf-8', options = {}) {
      const name = String(label).trim().toLowerCase();
      if (name !== 'utf-8' && name !== 'utf8' && name !== 'unicode-1-1-utf-8') {
        throw new RangeError(`The encoding "${label}" is not supported: only utf-8 is`);
      }
      this.#fatal = Boolean(options && options.fatal);
      this.#ignoreBOM = Boolean(options && options.ignoreBOM);
    }
    get encoding() {
      return 'utf-8';
    }
    get fatal() {
      return this.#fatal;
    }
    get ignoreBOM() {
      return this.#ignoreBOM;
    }
    decode(input, options = {}) {
      let bytes = input === undefined ? new Uint8Array(0) : bufferSourceBytes(input, 'input');
      const stream = Boolean(options && options.stream);
      if (this.#pending.length) bytes = concatBytes([this.#pending, bytes]);
      this.#pending = new Uint8Array(0);
      if (stream) {
        const tail = incompleteTail(bytes);
        if (tail) {
          this.#pending = bytes.slice(bytes.length - tail);
          bytes = bytes.subarray(0, bytes.length - tail);
        }
      }
      if (!this.#started && !this.#ignoreBOM && bytes[0] === 0xEF && bytes[1] === 0xBB && bytes[2] === 0xBF) {
        bytes = bytes.subarray(3);
      }
      this.#started = stream && (this.#started || bytes.length > 0);
      const text = native.utf8Decode(bytes, this.#fatal);
      if (text === null) throw new TypeError('The encoded data was not valid utf-8');
      return text;
    }
  }
  define('TextDecoder', TextDecoder);

  const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const BASE64_VALUES = new Map(Array.from(BASE64, (c, i) => [c, i]));

  function bytesToBase64(bytes, url = false) {
    let out = '';
    for (let i = 0; i < bytes.length; i += 3) {
      const n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
      out += BASE64[n >> 18] + BASE64[(n >> 12) & 63];
      out += i + 1 < bytes.length ? BASE64[(n >> 6) & 63] : '=';
      out += i + 2 < bytes.length ? BASE64[n & 63] : '=';
    }
    return url ? out.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_') : out;
  }

  // Forgiving base64 (WHATWG): ASCII whitespace ignored, padding optional; null when malformed.
  function base64ToBytes(text, url = false) {
    let s = String(text).replace(/[\t\n\f\r ]/g, '');
    if (url) s = s.replace(/-/g, '+').replace(/_/g, '/');
    if (s.length % 4 === 0) s = s.replace(/==?$/, '');
    if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s)) return null;
    const out = new Uint8Array((s.length * 3) >> 2);
    let bits = 0, value = 0, o = 0;
    for (const c of s) {
      value = (value << 6) | BASE64_VALUES.get(c);
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[o++] = (value >> bits) & 0xFF;
      }
    }
    return out;
  }

  define('btoa', function btoa(data) {
    const s = String(data);
    const bytes = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0xFF) throw new DOMException('btoa: the string contains characters outside of Latin1', 'InvalidCharacterError');
      bytes[i] = c;
    }
    return bytesToBase64(bytes);
  });

  define('atob', function atob(data) {
    const bytes = base64ToBytes(data);
    if (bytes === null) throw new DOMException('atob: the string is not correctly encoded', 'InvalidCharacterError');
    let out = '';
    for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
    return out;
  });

  // ---- Percent-encoding, URLSearchParams, URL (WHATWG URL, without IDNA mapping) ----

  const HEX = '0123456789ABCDEF';

  function percentEncodeMatch(match) {
    let out = '';
    for (const b of utf8(match)) out += '%' + HEX[b >> 4] + HEX[b & 15];
    return out;
  }

  // The percent-encode sets of the URL standard as global regular expressions; a surrogate pair is
  // matched whole so that it is encoded as one code point, a lone surrogate as U+FFFD.
  const encodeSet = (extra) => new RegExp(`[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|[\\x00-\\x1F\\x7F-\\uFFFF${extra}]`, 'g');
  const CONTROL_SET = encodeSet('');
  const FRAGMENT_SET = encodeSet(' "<>`');
  const QUERY_SET = encodeSet(' "#<>');
  const SPECIAL_QUERY_SET = encodeSet(' "#<>\'');
  const PATH_SET = encodeSet(' "#<>?`{}');
  const USERINFO_SET = encodeSet(' "#<>?`{}/:;=@\\[\\\\\\]^|');

  function percentEncode(text, set) {
    set.lastIndex = 0;
    return set.test(text) ? text.replace(set, percentEncodeMatch) : text;
  }

  // Decodes %XX escapes to bytes and the bytes as UTF-8.
  function percentDecode(text) {
    if (!text.includes('%')) return text;
    const bytes = utf8(text);
    const out = new Uint8Array(bytes.length);
    let o = 0;
    for (let i = 0; i < bytes.length; i++) {
      const hex = bytes[i] === 0x25 && i + 2 < bytes.length ? String.fromCharCode(bytes[i + 1], bytes[i + 2]) : '';
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        out[o++] = parseInt(hex, 16);
        i += 2;
      } else {
        out[o++] = bytes[i];
      }
    }
    return decodeUtf8(out.subarray(0, o));
  }

  const FORM_SET = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[^*\-._0-9A-Za-z]/g;

  // application/x-www-form-urlencoded: only *-._ and alphanumerics stay, a space becomes '+'.
  function formEncode(text) {
    return text.replace(FORM_SET, (match) => (match === ' ' ? '+' : percentEncodeMatch(match)));
  }

  const plusToSpace = (text) => (text.includes('+') ? text.replace(/\+/g, ' ') : text);

  function parseQuery(query) {
    const list = [];
    for (const part of query.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const name = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : part.slice(eq + 1);
      list.push([percentDecode(plusToSpace(name)), percentDecode(plusToSpace(value))]);
    }
    return list;
  }

  // Lets a URL and its searchParams update each other.
  const paramsChanged = new WeakMap(); // URLSearchParams -> function(serialized) updating its URL
  const resetParams = new WeakMap(); // URLSearchParams -> function(query) replacing its list

  class URLSearchParams {
    constructor(init = '') {
      this[kList] = [];
      resetParams.set(this, (query) => {
        this[kList] = parseQuery(query);
      });
      if (init instanceof URLSearchParams) {
        this[kList] = init[kList].map(([n, v]) => [n, v]);
      } else if (typeof init === 'object' && init !== null) {
        if (typeof init[Symbol.iterator] === 'function') {
          for (const pair of init) {
            const items = Array.from(pair);
            if (items.length !== 2) throw new TypeError('URLSearchParams: each pair must have exactly two items');
            this[kList].push([String(items[0]), String(items[1])]);
          }
        } else {
          for (const key of Object.keys(init)) this[kList].push([key, String(init[key])]);
        }
      } else {
        const s = String(init);
        this[kList] = parseQuery(s.startsWith('?') ? s.slice(1) : s);
      }
    }
    get size() {
      return this[kList].length;
    }
    #update() {
      const notify = paramsChanged.get(this);
      if (notify) notify(this.toString());
    }
    append(name, value) {
      this[kList].push([String(name), String(value)]);
      this.#update();
    }
    delete(name, value) {
      name = String(name);
      this[kList] = this[kList].filter(([n, v]) => n !== name || (value !== undefined && v !== String(value)));
      this.#update();
    }
    get(name) {
      const entry = this[kList].find(([n]) => n === String(name));
      return entry ? entry[1] : null;
    }
    getAll(name) {
      return this[kList].filter(([n]) => n === String(name)).map(([, v]) => v);
    }
    has(name, value) {
      return this[kList].some(([n, v]) => n === String(name) && (value === undefined || v === String(value)));
    }
    set(name, value) {
      name = String(name);
      const i = this[kList].findIndex(([n]) => n === name);
      if (i < 0) {
        this[kList].push([name, String(value)]);
      } else {
        this[kList][i] = [name, String(value)];
        this[kList] = this[kList].filter(([n], j) => n !== name || j <= i);
      }
      this.#update();
    }
    sort() {
      // Stable by name in UTF-16 code units, as the standard asks; Array.prototype.sort is stable.
      this[kList].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      this.#update();
    }
    forEach(callback, thisArg) {
      for (const [n, v] of this[kList]) callback.call(thisArg, v, n, this);
    }
    *entries() {
      for (const [n, v] of this[kList]) yield [n, v];
    }
    *keys() {
      for (const [n] of this[kList]) yield n;
    }
    *values() {
      for (const [, v] of this[kList]) yield v;
    }
    [Symbol.iterator]() {
      return this.entries();
    }
    toString() {
      return this[kList].map(([n, v]) => `${formEncode(n)}=${formEncode(v)}`).join('&');
    }
  }
  define('URLSearchParams', URLSearchParams);

  const SPECIAL_PORTS = { 'ftp:': 21, 'file:': null, 'http:': 80, 'https:': 443, 'ws:': 80, 'wss:': 443 };
  const isSpecial = (scheme) => Object.prototype.hasOwnProperty.call(SPECIAL_PORTS, scheme);

  // Punycode (RFC 3492) of one label, for hosts with non-ASCII characters.
  function punycode(label) {
    const codes = Array.from(label, (ch) => ch.codePointAt(0));
    let out = codes.filter((c) => c < 0x80).map((c) => String.fromCharCode(c)).join('');
    const basic = out.length;
    let handled = basic;
    if (basic) out += '-';
    const digit = (d) => String.fromCharCode(d + (d < 26 ? 97 : 22));
    let n = 128, delta = 0, bias = 72;
    while (handled < codes.length) {
      const m = Math.min(...codes.filter((c) => c >= n));
      delta += (m - n) * (handled + 1);
      n = m;
      for (const c of codes) {
        if (c < n) delta++;
        if (c !== n) continue;
        let q = delta;
        for (let k = 36; ; k += 36) {
          const t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
          if (q < t) break;
          out += digit(t + ((q - t) % (36 - t)));
          q = Math.floor((q - t) / (36 - t));
        }
        out += digit(q);
        let d = handled === basic ? Math.floor(delta / 700) : delta >> 1;
        d += Math.floor(d / (handled + 1));
        let k = 0;
        while (d > 455) {
          d = Math.floor(d / 35);
          k += 36;
        }
        bias = k + Math.floor((36 * d) / (d + 38));
        delta = 0;
        handled++;
      }
      delta++;
      n++;
    }
    return 'xn--' + out;
  }

  function parseHost(input, special) {
    if (input.startsWith('[')) {
      if (!input.endsWith(']') || !/^\[[0-9A-Fa-f:.]+\]$/.test(input)) throw new TypeError('Invalid URL: bad IPv6 host');
      return input.toLowerCase();
    }
    if (!special) {
      if (/[\0\t\n\r #/:<>?@[\\\]^|]/.test(input)) throw new TypeError('Invalid URL: forbidden host code point');
      return percentEncode(input, CONTROL_SET);
    }
    const domain = percentDecode(input).toLowerCase();
    if (domain === '' || /[\0\t\n\r #%/:<>?@[\\\]^|\x7F]/.test(domain)) {
      throw new TypeError(`Invalid URL: bad host "${input}"`);
    }
    // Non-ASCII labels are punycoded; full IDNA mapping (UTS #46) is not applied.
    return domain.split('.').map((label) => (/^[\x00-\x7F]*$/.test(label) ? label : punycode(label))).join('.');
  }

  // Splits a path into segments, resolving "." and ".." (and their %2e spellings).
  function normalizePath(path, special, segments) {
    const parts = (special && path.includes('\\') ? path.replace(/\\/g, '/') : path).split('/');
    parts.shift();
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const lower = part.toLowerCase();
      if (lower === '..' || lower === '.%2e' || lower === '%2e.' || lower === '%2e%2e') {
        segments.pop();
        if (last) segments.push('');
      } else if (lower === '.' || lower === '%2e') {
        if (last) segments.push('');
      } else {
        segments.push(percentEncode(part, PATH_SET));
      }
    });
    return segments;
  }

  // An absolute http(s)/ws(s) URL already in its serialized form: lower-case host, nothing to
  // percent-encode, no dot segments, no credentials. Most URLs a worker parses are such, and
  // parseURL takes them apart with one match instead of the whole parser.
  const CANONICAL_URL = /^(https?|wss?):\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}))?(\/[^?#]*)?(?:\?([^#]*))?(?:#(.*))?$/;
  const NEEDS_ENCODING = /[\x00-\x20\x7F-\uFFFF"'<>`{}\\]/;
  const needsParser = (text) => NEEDS_ENCODING.test(text) || text.includes('/.') || text.includes('%2');

  function parseCanonical(text) {
    const m = CANONICAL_URL.exec(text);
    if (m === null || needsParser(text)) return null;
    const scheme = m[1] + ':';
    const port = m[3] === undefined ? '' : String(Number(m[3]));
    if (Number(port) > 65535) return null;
    return {
      scheme, username: '', password: '', host: m[2], port: Number(port) === SPECIAL_PORTS[scheme] ? '' : port,
      path: m[4] === undefined ? [''] : m[4].slice(1).split('/'),
      query: m[5] === undefined ? null : m[5], fragment: m[6] === undefined ? null : m[6],
    };
  }

  // The parsed parts of a URL: scheme (with ':'), username, password, host (null: none), port ('' default),
  // path (an array of segments, or a string for an opaque path), query and fragment (null: absent).
  function parseURL(input, base) {
    const canonical = parseCanonical(String(input));
    if (canonical !== null) return canonical;
    const text = String(input).replace(/^[\0- ]+|[\0- ]+$/g, '').replace(/[\t\n\r]/g, '');
    const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text);
    let url, rest;
    if (m) {
      const scheme = m[1].toLowerCase() + ':';
      rest = text.slice(m[0].length);
      url = { scheme, username: '', password: '', host: null, port: '', path: [], query: null, fragment: null };
      const special = isSpecial(scheme);
      if (special && base && base.scheme === scheme && !/^[/\\]/.test(rest)) {
        return resolveRelative(rest, base);
      }
      if (special ? scheme !== 'file:' || /^[/\\]{2}/.test(rest) : rest.startsWith('//')) {
        rest = rest.replace(special ? /^[/\\]*/ : /^\/\//, '');
        rest = parseAuthority(url, rest, special);
      } else if (scheme === 'file:') {
        url.host = '';
      } else if (!rest.startsWith('/')) {
        return parseOpaque(url, rest);
      }
    } else {
      if (!base) throw new TypeError(`Invalid URL: "${input}"`);
      if (typeof base.path === 'string') {
        if (!text.startsWith('#')) throw new TypeError(`Invalid URL: "${input}" cannot be relative to "${serialize(base)}"`);
        return Object.assign({}, base, { fragment: percentEncode(text.slice(1), FRAGMENT_SET) });
      }
      return resolveRelative(text, base);
    }
    parseRest(url, rest, []);
    return url;
  }

  function copyRecord(url) {
    return Object.assign({}, url, { path: typeof url.path === 'string' ? url.path : url.path.slice() });
  }

  // The last absolute URL parsed, as [text, parts]: a worker parses request.url again and again.
  let lastParsed = null;

  function parseAbsolute(text) {
    if (lastParsed !== null && lastParsed[0] === text) return copyRecord(lastParsed[1]);
    const url = parseURL(text);
    lastParsed = [text, copyRecord(url)];
    return url;
  }

  function resolveRelative(text, base) {
    const url = Object.assign({}, base, { path: base.path.slice(), fragment: null });
    const special = isSpecial(url.scheme);
    const slash = special ? /^[/\\]/ : /^\//;
    if (special ? /^[/\\]{2}/.test(text) : text.startsWith('//')) {
      Object.assign(url, { username: '', password: '', port: '' });
      parseRest(url, parseAuthority(url, text.slice(2), special), []);
    } else if (slash.test(text)) {
      parseRest(url, text, []);
    } else if (text.startsWith('?') || text === '') {
      parseRest(url, text, null);
    } else if (text.startsWith('#')) {
      url.fragment = percentEncode(text.slice(1), FRAGMENT_SET);
    } else {
      url.path.pop();
      parseRest(url, '/' + text, url.path);
    }
    return url;
  }

  function parseAuthority(url, rest, special) {
    const end = rest.search(special ? /[/\\?#]/ : /[/?#]/);
    let authority = end < 0 ? rest : rest.slice(0, end);
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      const info = authority.slice(0, at);
      const colon = info.indexOf(':');
      url.username = percentEncode(colon < 0 ? info : info.slice(0, colon), USERINFO_SET);
      url.password = colon < 0 ? '' : percentEncode(info.slice(colon + 1), USERINFO_SET);
      authority = authority.slice(at + 1);
    }
    // A ':' outside an IPv6 literal's brackets starts the port.
    const close = authority.startsWith('[') ? authority.indexOf(']') : -1;
    const colon = authority.indexOf(':', close + 1);
    let host = authority;
    if (colon >= 0) {
      host = authority.slice(0, colon);
      setPort(url, authority.slice(colon + 1));
    } else if (close >= 0 && close !== authority.length - 1) {
      throw new TypeError('Invalid URL: bad IPv6 host');
    }
    url.host = host === '' && !special ? '' : parseHost(host, special);
    if (url.host === '' && special && url.scheme !== 'file:') throw new TypeError('Invalid URL: empty host');
    return end < 0 ? '' : rest.slice(end);
  }

  function setPort(url, digits) {
    if (digits === '') {
      url.port = '';
      return;
    }
    if (!/^\d+$/.test(digits)) throw new TypeError('Invalid URL: bad port');
    const port = parseInt(digits, 10);
    if (port > 65535) throw new TypeError('Invalid URL: port out of range');
    url.port = port === SPECIAL_PORTS[url.scheme] ? '' : String(port);
  }

  // Parses "/path?query#fragment" into url; pathSegments null keeps url's path (a query-only reference).
  function parseRest(url, rest, pathSegments) {
    const special = isSpecial(url.scheme);
    const hash = rest.indexOf('#');
    if (hash >= 0) {
      url.fragment = percentEncode(rest.slice(hash + 1), FRAGMENT_SET);
      rest = rest.slice(0, hash);
    } else {
      url.fragment = null;
    }
    const question = rest.indexOf('?');
    if (question >= 0) {
      url.query = percentEncode(rest.slice(question + 1), special ? SPECIAL_QUERY_SET : QUERY_SET);
      rest = rest.slice(0, question);
    } else if (pathSegments !== null || rest !== '') {
      url.query = null;
    }
    if (pathSegments !== null) {
      url.path = normalizePath(rest === '' && special ? '/' : rest, special, pathSegments);
    }
    if (special && url.path.length === 0) url.path = [''];
  }

  function parseOpaque(url, rest) {
    const hash = rest.indexOf('#');
    if (hash >= 0) {
      url.fragment = percentEncode(rest.slice(hash + 1), FRAGMENT_SET);
      rest = rest.slice(0, hash);
    }
    const question = rest.indexOf('?');
    if (question >= 0) {
      url.query = percentEncode(rest.slice(question + 1), QUERY_SET);
      rest = rest.slice(0, question);
    }
    url.path = percentEncode(rest, CONTROL_SET);
    return url;
  }

  function serializePath(url) {
    if (typeof url.path === 'string') return url.path;
    const path = url.path.map((s) => '/' + s).join('');
    // "/." keeps a path that starts with "//" from reading as an authority when there is no host.
    return url.host === null && url.path.length > 1 && url.path[0] === '' ? '/.' + path : path;
  }

  function serialize(url, withFragment = true) {
    let out = url.scheme;
    if (url.host !== null) {
      out += '//';
      if (url.username || url.password) out += url.username + (url.password ? ':' + url.password : '') + '@';
      out += url.host + (url.port ? ':' + url.port : '');
    }
    out += serializePath(url);
    if (url.query !== null) out += '?' + url.query;
    if (withFragment && url.fragment !== null) out += '#' + url.fragment;
    return out;
  }

  class URL {
    #url;
    #params;
    constructor(url, base) {
      const parsedBase = base === undefined ? undefined : parseURL(base instanceof URL ? base.href : base);
      const text = url instanceof URL ? url.href : String(url);
      this.#url = parsedBase === undefined ? parseAbsolute(text) : parseURL(text, parsedBase);
      this.#params = null;
    }
    static canParse(url, base) {
      try {
        new URL(url, base);
        return true;
      } catch (e) {
        return false;
      }
    }
    // searchParams is made when first asked for, since most URLs never need it.
    #syncParams() {
      if (this.#params) resetParams.get(this.#params)(this.#url.query || '');
    }
    #reparse(part) {
      // Setters rebuild the URL from its serialization with one part replaced, then parse it again.
      const next = parseURL(part);
      this.#url = next;
      this.#syncParams();
    }
    get href() {
      return serialize(this.#url);
    }
    set href(value) {
      this.#reparse(String(value));
    }
    get origin() {
      const u = this.#url;
      return isSpecial(u.scheme) && u.scheme !== 'file:' ? `${u.scheme}//${u.host}${u.port ? ':' + u.port : ''}` : 'null';
    }
    get protocol() {
      return this.#url.scheme;
    }
    set protocol(value) {
      const scheme = String(value).replace(/:.*$/, '').toLowerCase() + ':';
      if (!/^[a-z][a-z0-9+.-]*:$/.test(scheme) || isSpecial(scheme) !== isSpecial(this.#url.scheme)) return;
      const u = Object.assign({}, this.#url, { scheme });
      if (u.port !== '' && Number(u.port) === SPECIAL_PORTS[scheme]) u.port = '';
      this.#url = u;
    }
    get username() {
      return this.#url.username;
    }
    set username(value) {
      if (this.#url.host) this.#url.username = percentEncode(String(value), USERINFO_SET);
    }
    get password() {
      return this.#url.password;
    }
    set password(value) {
      if (this.#url.host) this.#url.password = percentEncode(String(value), USERINFO_SET);
    }
    get host() {
      const u = this.#url;
      return u.host === null ? '' : u.host + (u.port ? ':' + u.port : '');
    }
    set host(value) {
      const u = this.#url;
      if (typeof u.path === 'string') return;
      const probe = { scheme: u.scheme, username: '', password: '', host: null, port: u.port, path: [], query: null, fragment: null };
      try {
        parseAuthority(probe, String(value).replace(/[/?#].*$/, ''), isSpecial(u.scheme));
      } catch (e) {
        return;
      }
      u.host = probe.host;
      u.port = probe.port;
    }
    get hostname() {
      return this.#url.host === null ? '' : this.#url.host;
    }
    set hostname(value) {
      const u = this.#url;
      if (typeof u.path === 'string') return;
      try {
        u.host = parseHost(String(value).replace(/[:/?#].*$/, ''), isSpecial(u.scheme));
      } catch (e) {
        // An invalid host leaves the URL unchanged, as the standard's setter does.
      }
    }
    get port() {
      return this.#url.port;
    }
    set port(value) {
      const digits = String(value).replace(/\D.*$/, '');
      if (this.#url.host === null || this.#url.scheme === 'file:') return;
      try {
        setPort(this.#url, digits);
      } catch (e) {
        // Out of range: ignored like any invalid value.
      }
    }
    get pathname() {
      return serializePath(this.#url);
    }
    set pathname(value) {
      const u = this.#url;
      if (typeof u.path === 'string') return;
      const text = String(value);
      const special = isSpecial(u.scheme);
      u.path = normalizePath(special && !/^[/\\]/.test(text) ? '/' + text : text.startsWith('/') ? text : '/' + text, special, []);
      if (special && u.path.length === 0) u.path = [''];
    }
    get search() {
      const q = this.#url.query;
      return q ? '?' + q : '';
    }
    set search(value) {
      const text = String(value).replace(/^\?/, '');
      this.#url.query = text === '' ? null : percentEncode(text, isSpecial(this.#url.scheme) ? SPECIAL_QUERY_SET : QUERY_SET);
      this.#syncParams();
    }
    get searchParams() {
      if (!this.#params) {
        this.#params = new URLSearchParams(this.#url.query || '');
        paramsChanged.set(this.#params, (serialized) => {
          this.#url.query = serialized === '' ? null : serialized;
        });
      }
      return this.#params;
    }
    get hash() {
      const f = this.#url.fragment;
      return f ? '#' + f : '';
    }
    set hash(value) {
      const text = String(value).replace(/^#/, '');
      this.#url.fragment = text === '' ? null : percentEncode(text, FRAGMENT_SET);
    }
    toString() {
      return this.href;
    }
    toJSON() {
      return this.href;
    }
  }
  define('URL', URL);

  // ---- Headers --------------------------------------------------------------------

  const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

  // Validated names in lower case: the same few names recur, and a lookup costs much less than the check.
  const headerNames = new Map();

  function headerName(name) {
    const n = String(name);
    const known = headerNames.get(n);
    if (known !== undefined) return known;
    if (!TOKEN.test(n)) throw new TypeError(`Invalid header name: "${n}"`);
    const lower = n.toLowerCase();
    if (headerNames.size < 1024) headerNames.set(n, lower);
    return lower;
  }

  function hasHeader(headers, lowerName) {
    const list = headers[kList];
    for (let i = 0; i < list.length; i++) if (list[i][0] === lowerName) return true;
    return false;
  }

  const HEADER_VALUE_SUSPECT = /[\0\r\n]|^[\t ]|[\t ]$/;

  function headerValue(value) {
    let v = String(value);
    if (!HEADER_VALUE_SUSPECT.test(v)) return v;
    v = v.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
    if (/[\0\r\n]/.test(v)) throw new TypeError('Invalid header value: it contains CR, LF or NUL');
    return v;
  }

  // Sorted by name, values of one name joined with ", ", except set-cookie whose values stay apart.
  function sortedEntries(headers) {
    const list = headers[kList];
    if (list.length === 1) return [[list[0][0], list[0][1]]];
    const byName = new Map();
    for (const [n, v] of list) {
      if (byName.has(n)) byName.get(n).push(v);
      else byName.set(n, [v]);
    }
    const out = [];
    for (const n of Array.from(byName.keys()).sort()) {
      if (n === 'set-cookie') for (const v of byName.get(n)) out.push([n, v]);
      else out.push([n, byName.get(n).join(', ')]);
    }
    return out;
  }

  // A streaming response's headers are sent already: changing them would change nothing, so it is an error.
  function checkMutable(headers) {
    if (headers[kImmutable]) throw new TypeError('Headers are immutable: the response they belong to is already streaming');
  }

  class Headers {
    constructor(init) {
      this[kList] = [];
      if (init === undefined || init === null) return;
      if (init instanceof Headers) {
        this[kList] = init[kList].map(([n, v]) => [n, v]);
      } else if (typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const items = Array.from(pair);
          if (items.length !== 2) throw new TypeError('Headers: each header must be a [name, value] pair');
          this.append(items[0], items[1]);
        }
      } else if (typeof init === 'object') {
        for (const key of Object.keys(init)) this.append(key, init[key]);
      } else {
        throw new TypeError('Headers: expected an object, an iterable of pairs or a Headers');
      }
    }
    append(name, value) {
      checkMutable(this);
      this[kList].push([headerName(name), headerValue(value)]);
    }
    delete(name) {
      checkMutable(this);
      const n = headerName(name);
      this[kList] = this[kList].filter(([k]) => k !== n);
    }
    get(name) {
      const n = headerName(name);
      const values = this[kList].filter(([k]) => k === n).map(([, v]) => v);
      return values.length ? values.join(', ') : null;
    }
    getSetCookie() {
      return this[kList].filter(([k]) => k === 'set-cookie').map(([, v]) => v);
    }
    getAll(name) {
      const n = headerName(name);
      if (n !== 'set-cookie') throw new TypeError('getAll() can only be used with the header name "Set-Cookie"');
      return this.getSetCookie();
    }
    has(name) {
      return hasHeader(this, headerName(name));
    }
    set(name, value) {
      checkMutable(this);
      const n = headerName(name);
      const v = headerValue(value);
      const i = this[kList].findIndex(([k]) => k === n);
      if (i < 0) {
        this[kList].push([n, v]);
      } else {
        this[kList][i] = [n, v];
        this[kList] = this[kList].filter(([k], j) => k !== n || j <= i);
      }
    }
    forEach(callback, thisArg) {
      for (const [n, v] of sortedEntries(this)) callback.call(thisArg, v, n, this);
    }
    entries() {
      return sortedEntries(this)[Symbol.iterator]();
    }
    keys() {
      return sortedEntries(this).map(([n]) => n)[Symbol.iterator]();
    }
    values() {
      return sortedEntries(this).map(([, v]) => v)[Symbol.iterator]();
    }
    [Symbol.iterator]() {
      return this.entries();
    }
  }
  define('Headers', Headers);

  // Headers from a host block of "name: value\n" lines (SPEC §4.4), taken as they are.
  function parseHeaderBlock(block) {
    const headers = new Headers();
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      headers[kList].push([line.slice(0, colon).toLowerCase(), line.slice(colon + 1).replace(/^[\t ]+|[\t ]+$/g, '')]);
    }
    return headers;
  }

  // ---- Streams ------------------------------------------------------------------------

  // A ReadableStream is a queue of byte chunks filled by its source: a script's underlying source
  // (start, pull, cancel), a host body read chunk by chunk as it arrives (a fetched response, the
  // incoming request), or the complete body of a Request or Response, read from its owner when first
  // needed. A read waits for a chunk; meanwhile the event loop runs the job queue and the timers and
  // waits for pending fetches. The internal state lives in one object under kStreamState.
  const HOST_CHUNK_BYTES = 65536;
  // The most bytes one pipeBody call copies before the job queue and the timers get their turn.
  const PIPE_BYTES = 1 << 20;
  const PIPE_WRITE_REFUSED = -101;

  function newStreamState(source, highWaterMark) {
    return { queue: [], closeRequested: false, state: 'readable', error: undefined, reads: [], source, controller: null,
      started: false, pulling: false, pullAgain: false, highWaterMark, owner: null, locked: false, disturbed: false };
  }

  function finishClose(s) {
    s.state = 'closed';
    for (const read of s.reads.splice(0)) read.resolve({ value: undefined, done: true });
  }

  function enqueueBytes(s, bytes) {
    if (s.state !== 'readable' || s.closeRequested) throw new TypeError('The stream is closed or errored: it takes no more chunks');
    if (s.reads.length > 0) s.reads.shift().resolve({ value: bytes, done: false });
    else s.queue.push(bytes);
    pullIfNeeded(s);
  }

  function closeStream(s) {
    if (s.state !== 'readable' || s.closeRequested) throw new TypeError('The stream is already closed or errored');
    s.closeRequested = true;
    if (s.queue.length === 0) finishClose(s);
  }

  function errorStream(s, error) {
    if (s.state !== 'readable') return;
    s.state = 'errored';
    s.error = error;
    s.queue = [];
    for (const read of s.reads.splice(0)) read.reject(error);
  }

  // Calls the source's pull when a read waits or the queue is below its high-water mark, one pull at a time.
  function pullIfNeeded(s) {
    if (!s.started || s.state !== 'readable' || s.closeRequested || s.source === null || typeof s.source.pull !== 'function') return;
    if (s.reads.length === 0 && s.queue.length >= s.highWaterMark) return;
    if (s.pulling) {
      s.pullAgain = true;
      return;
    }
    s.pulling = true;
    let pulled;
    try {
      pulled = Promise.resolve(s.source.pull(s.controller));
    } catch (e) {
      pulled = Promise.reject(e);
    }
    pulled.then(() => {
      s.pulling = false;
      if (s.pullAgain) {
        s.pullAgain = false;
        pullIfNeeded(s);
      }
    }, (e) => errorStream(s, e));
  }

  // A stream over a Request's or Response's complete body takes its one chunk from the owner.
  function takeOwnerBody(s) {
    const bytes = consumeBody(s.owner);
    s.owner = null;
    if (bytes.length > 0) s.queue.push(bytes);
    s.closeRequested = true;
    if (s.queue.length === 0) finishClose(s);
  }

  function readFrom(s) {
    s.disturbed = true;
    if (s.owner !== null) takeOwnerBody(s);
    if (s.queue.length > 0) {
      const value = s.queue.shift();
      if (s.closeRequested && s.queue.length === 0) finishClose(s);
      else pullIfNeeded(s);
      return Promise.resolve({ value, done: false });
    }
    if (s.state === 'closed') return Promise.resolve({ value: undefined, done: true });
    if (s.state === 'errored') return Promise.reject(s.error);
    return new Promise((resolve, reject) => {
      s.reads.push({ resolve, reject });
      pullIfNeeded(s);
    });
  }

  function cancelStream(s, reason) {
    s.disturbed = true;
    s.owner = null;
    if (s.state !== 'readable') return Promise.resolve();
    s.queue = [];
    finishClose(s);
    if (s.source !== null && typeof s.source.cancel === 'function') {
      try {
        return Promise.resolve(s.source.cancel(reason)).then(() => undefined);
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return Promise.resolve();
  }

  // Whether all of the stream's bytes are there already (closed, errored, or a complete body), so that it can be read at once.
  function streamComplete(s) {
    return s.owner !== null || s.closeRequested || s.state !== 'readable';
  }

  function completeStreamBytes(s) {
    if (s.locked || s.disturbed) throw new TypeError('The ReadableStream is locked to a reader or was already read');
    if (!streamComplete(s)) {
      throw new TypeError('The body is a ReadableStream that is still open: read it with await (text(), arrayBuffer(), a reader) instead');
    }
    s.locked = true;
    s.disturbed = true;
    if (s.owner !== null) takeOwnerBody(s);
    if (s.state === 'errored') throw s.error;
    const chunks = s.queue;
    s.queue = [];
    finishClose(s);
    return concatBytes(chunks);
  }

  async function readAllBytes(s) {
    if (s.locked) throw new TypeError('The ReadableStream is locked to a reader');
    s.locked = true;
    const chunks = [];
    for (;;) {
      const { value, done } = await readFrom(s);
      if (done) return concatBytes(chunks);
      chunks.push(value);
    }
  }

  function chunkBytes(chunk) {
    return typeof chunk === 'string' ? utf8(chunk) : bufferSourceBytes(chunk, 'A stream chunk').slice();
  }

  // A body the host hands over chunk by chunk: read() gives the next bytes (null at the end) or throws; close() releases it.
  // pipe(), when given, copies the next bytes straight to the response instead (pipeBody), for a stream that is the
  // response's body untouched: the bytes then never become JS values.
  function hostStream(read, close, pipe) {
    const stream = new ReadableStream(undefined, { highWaterMark: 0 });
    const s = stream[kStreamState];
    s.source = {
      pipe,
      pull() {
        let bytes;
        try {
          bytes = read();
        } catch (e) {
          close();
          throw e;
        }
        if (bytes === null) {
          close();
          closeStream(s);
        } else {
          enqueueBytes(s, bytes);
        }
      },
      cancel: close,
    };
    return stream;
  }

  class ReadableStreamDefaultController {
    #s;
    constructor(s) {
      this.#s = s;
    }
    get desiredSize() {
      const s = this.#s;
      return s.state === 'errored' ? null : s.state === 'closed' ? 0 : s.highWaterMark - s.queue.length;
    }
    enqueue(chunk) {
      enqueueBytes(this.#s, chunkBytes(chunk));
    }
    close() {
      closeStream(this.#s);
    }
    error(e) {
      errorStream(this.#s, e);
    }
  }

  class ReadableStreamDefaultReader {
    #s;
    #closed;
    constructor(stream) {
      const s = stream[kStreamState];
      if (s.locked) throw new TypeError('The ReadableStream is already locked to a reader');
      s.locked = true;
      this.#s = s;
    }
    read() {
      if (this.#s === null) return Promise.reject(new TypeError('The reader was released'));
      return readFrom(this.#s);
    }
    get closed() {
      if (!this.#closed) {
        const s = this.#s;
        this.#closed = new Promise((resolve, reject) => {
          const check = () => {
            if (s.state === 'closed') resolve(undefined);
            else if (s.state === 'errored') reject(s.error);
            else Promise.resolve().then(check);
          };
          check();
        });
      }
      return this.#closed;
    }
    releaseLock() {
      if (this.#s !== null) this.#s.locked = false;
      this.#s = null;
    }
    cancel(reason) {
      return this.#s === null ? Promise.reject(new TypeError('The reader was released')) : cancelStream(this.#s, reason);
    }
  }

  class ReadableStream {
    constructor(source, strategy) {
      const highWaterMark = strategy && strategy.highWaterMark !== undefined ? Math.max(0, Number(strategy.highWaterMark) || 0) : 1;
      const s = newStreamState(source || null, highWaterMark);
      this[kStreamState] = s;
      if (source === undefined || source === null) {
        s.started = true;
        return;
      }
      if (source.type !== undefined && source.type !== 'bytes') throw new RangeError(`Unknown stream type "${source.type}"`);
      s.controller = new ReadableStreamDefaultController(s);
      const started = typeof source.start === 'function' ? source.start(s.controller) : undefined;
      Promise.resolve(started).then(() => {
        s.started = true;
        pullIfNeeded(s);
      }, (e) => errorStream(s, e));
    }
    get locked() {
      return this[kStreamState].locked;
    }
    getReader(options) {
      if (options && options.mode !== undefined) throw new TypeError('getReader: only the default reader is supported');
      return new ReadableStreamDefaultReader(this);
    }
    cancel(reason) {
      const s = this[kStreamState];
      if (s.locked) return Promise.reject(new TypeError('The ReadableStream is locked to a reader'));
      return cancelStream(s, reason);
    }
    async *[Symbol.asyncIterator]() {
      const reader = this.getReader();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          yield value;
        }
      } finally {
        reader.releaseLock();
      }
    }
    values() {
      return this[Symbol.asyncIterator]();
    }
  }
  define('ReadableStream', ReadableStream);
  define('ReadableStreamDefaultReader', ReadableStreamDefaultReader);
  define('ReadableStreamDefaultController', ReadableStreamDefaultController);

  // A WritableStream over a sink's write/close/abort, writes one after another; enough for a TransformStream's writable side.
  class WritableStreamDefaultWriter {
    #stream;
    constructor(stream) {
      if (stream[kWritable].locked) throw new TypeError('The WritableStream is already locked to a writer');
      stream[kWritable].locked = true;
      this.#stream = stream;
    }
    get ready() {
      return this.#stream[kWritable].ready();
    }
    get closed() {
      return this.#stream[kWritable].closed;
    }
    get desiredSize() {
      return this.#stream[kWritable].desiredSize();
    }
    write(chunk) {
      return this.#stream[kWritable].run('write', chunk);
    }
    close() {
      return this.#stream[kWritable].run('close');
    }
    abort(reason) {
      return this.#stream[kWritable].run('abort', reason);
    }
    releaseLock() {
      this.#stream[kWritable].locked = false;
    }
  }

  class WritableStream {
    constructor(sink = {}) {
      let tail = Promise.resolve();
      let done = false;
      let settle;
      const closed = new Promise((resolve, reject) => {
        settle = { resolve, reject };
      });
      closed.catch(() => {});
      const w = {
        locked: false,
        closed,
        desiredSize: () => (sink.desiredSize ? sink.desiredSize() : 1),
        ready: () => (sink.ready ? sink.ready() : Promise.resolve()),
        run(op, arg) {
          if (done) return Promise.reject(new TypeError('The WritableStream is closed or aborted'));
          if (op !== 'write') done = true;
          const step = tail.then(() => (typeof sink[op] === 'function' ? sink[op](arg) : undefined));
          tail = step.catch((e) => {
            done = true;
            settle.reject(e);
          });
          if (op !== 'write') step.then(() => (op === 'close' ? settle.resolve() : settle.reject(arg)), () => {});
          return step.then(() => undefined);
        },
      };
      this[kWritable] = w;
    }
    get locked() {
      return this[kWritable].locked;
    }
    getWriter() {
      return new WritableStreamDefaultWriter(this);
    }
    close() {
      return this[kWritable].run('close');
    }
    abort(reason) {
      return this[kWritable].run('abort', reason);
    }
  }
  define('WritableStream', WritableStream);
  define('WritableStreamDefaultWriter', WritableStreamDefaultWriter);

  // A TransformStream: what is written to `writable` comes out of `readable`, through transform(chunk, controller) when
  // given. A write waits until the readable side has room, so a writer that outpaces the reader does not fill memory.
  class TransformStream {
    constructor(transformer = {}) {
      const readable = new ReadableStream(undefined, { highWaterMark: 1 });
      const s = readable[kStreamState];
      let wake = null;
      const room = () => (s.state !== 'readable' || s.queue.length < s.highWaterMark || s.reads.length > 0);
      s.source = {
        pull() {
          if (wake !== null) {
            const w = wake;
            wake = null;
            w();
          }
        },
        cancel: () => {
          if (wake !== null) wake();
        },
      };
      const controller = {
        enqueue: (chunk) => enqueueBytes(s, chunkBytes(chunk)),
        error: (e) => errorStream(s, e),
        terminate: () => closeStream(s),
        get desiredSize() {
          return s.highWaterMark - s.queue.length;
        },
      };
      const ready = () => (room() ? Promise.resolve() : new Promise((resolve) => {
        wake = resolve;
      }));
      const writable = new WritableStream({
        async write(chunk) {
          await ready();
          if (s.state === 'errored') throw s.error;
          if (s.state !== 'readable') throw new TypeError('The readable side of the TransformStream was cancelled');
          if (typeof transformer.transform === 'function') await transformer.transform(chunk, controller);
          else controller.enqueue(chunk);
        },
        async close() {
          if (typeof transformer.flush === 'function') await transformer.flush(controller);
          if (s.state === 'readable' && !s.closeRequested) closeStream(s);
        },
        abort(reason) {
          errorStream(s, reason);
        },
        ready,
        desiredSize: () => s.highWaterMark - s.queue.length,
      });
      if (typeof transformer.start === 'function') transformer.start(controller);
      this.readable = readable;
      this.writable = writable;
    }
  }
  define('TransformStream', TransformStream);

  // ---- Bodies, Request, Response ------------------------------------------------------

  // A body is one of: complete bytes (kBody); a loader that reads it whole from the host when first
  // needed (kBodyLoader), which for a host body that can also be read chunk by chunk comes with
  // kBodySource; or a ReadableStream still being filled (kStreamBody).

  // The bytes (or the open stream) and the default content-type of a body given to a constructor.
  function extractBody(body) {
    if (typeof body === 'string') return { bytes: utf8(body), type: 'text/plain;charset=UTF-8' };
    if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
      // A copy, so that later writes to the caller's buffer do not change the body.
      return { bytes: bufferSourceBytes(body).slice(), type: null };
    }
    if (body instanceof URLSearchParams) {
      return { bytes: utf8(body.toString()), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
    }
    if (body instanceof ReadableStream) {
      const s = body[kStreamState];
      if (s.locked || s.disturbed) throw new TypeError('The ReadableStream is locked to a reader or was already read');
      return streamComplete(s) ? { bytes: completeStreamBytes(s), type: null } : { stream: body, type: null };
    }
    return { bytes: utf8(String(body)), type: 'text/plain;charset=UTF-8' };
  }

  function setBody(target, init, headers) {
    const { bytes, stream, type } = extractBody(init);
    if (stream) target[kStreamBody] = stream;
    else target[kBody] = bytes;
    if (type !== null && !hasHeader(headers, 'content-type')) headers[kList].push(['content-type', type]);
  }

  function hasBody(target) {
    return target[kBody] !== null || target[kBodyLoader] !== null || target[kStreamBody] !== null;
  }

  function bodyUsed(target) {
    return target[kBodyUsed] || (target[kStreamBody] !== null && target[kStreamBody][kStreamState].disturbed);
  }

  // Takes the body's bytes out, once: a second read is an error, as in the Fetch standard.
  function consumeBody(target) {
    if (bodyUsed(target)) throw new TypeError('Body has already been used. It can only be read once; use clone() first.');
    target[kBodyUsed] = hasBody(target);
    return peekBody(target);
  }

  // consumeBody for the readers (text(), ...), which may wait for the chunks of an open stream.
  async function consumeBodyAsync(target) {
    const stream = target[kStreamBody];
    if (stream === null || streamComplete(stream[kStreamState])) return consumeBody(target);
    if (bodyUsed(target)) throw new TypeError('Body has already been used. It can only be read once; use clone() first.');
    target[kBodyUsed] = true;
    return readAllBytes(stream[kStreamState]);
  }

  // The complete body, read now if it must be; an open stream cannot be, so clone() and the like refuse it.
  function peekBody(target) {
    if (target[kStreamBody] !== null) {
      target[kBody] = completeStreamBytes(target[kStreamBody][kStreamState]);
      target[kStreamBody] = null;
      target[kStream] = null;
    } else if (target[kBodyLoader] !== null) {
      target[kBody] = target[kBodyLoader]();
      target[kBodyLoader] = null;
      target[kBodySource] = null;
    }
    return target[kBody] === null ? new Uint8Array(0) : target[kBody];
  }

  class Body {
    constructor() {
      this[kBody] = null;
      this[kBodyLoader] = null;
      this[kBodySource] = null;
      this[kStreamBody] = null;
      this[kBodyUsed] = false;
    }
    get bodyUsed() {
      return bodyUsed(this);
    }
    get body() {
      if (this[kStreamBody] !== null) return this[kStreamBody];
      if (this[kBodySource] !== null && !this[kBodyUsed]) {
        // From now on the body is this stream, read from the host as the script reads it.
        const { read, close, pipe } = this[kBodySource];
        this[kStreamBody] = hostStream(read, close, pipe);
        this[kBodyLoader] = null;
        this[kBodySource] = null;
        return this[kStreamBody];
      }
      if (this[kBody] === null && this[kBodyLoader] === null) return null;
      if (!this[kStream]) {
        this[kStream] = new ReadableStream();
        this[kStream][kStreamState].owner = this;
      }
      return this[kStream];
    }
    async arrayBuffer() {
      return copyToArrayBuffer(await consumeBodyAsync(this));
    }
    async bytes() {
      return (await consumeBodyAsync(this)).slice();
    }
    async text() {
      return decodeUtf8(await consumeBodyAsync(this));
    }
    async json() {
      return JSON.parse(decodeUtf8(await consumeBodyAsync(this)));
    }
    async formData() {
      throw new TypeError('formData() is not supported by this engine');
    }
    async blob() {
      throw new TypeError('blob() is not supported by this engine');
    }
  }

  const NORMALIZED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH'];
  // Passed as the input to make the incoming request from parts the host already checked.
  const kFromHost = Symbol('fromHost');

  // request.cf as Workers shapes it, from the host-owned x-edge-* request headers (ABI spec §4.6),
  // which no client can set: latitude and longitude are strings there, asn a number.
  function hostCf(headers) {
    const cf = {};
    const fields = [['x-edge-geo-country', 'country'], ['x-edge-geo-region', 'regionCode'], ['x-edge-geo-city', 'city'],
      ['x-edge-geo-latitude', 'latitude'], ['x-edge-geo-longitude', 'longitude'], ['x-edge-geo-timezone', 'timezone']];
    for (const [name, key] of fields) {
      const value = headers.get(name);
      if (value !== null) cf[key] = value;
    }
    const asn = headers.get('x-edge-asn');
    if (asn !== null && asn !== '') cf.asn = Number(asn);
    return cf;
  }

  class Request extends Body {
    constructor(input, init = {}) {
      super();
      init = init || {};
      if (input === kFromHost) {
        Object.assign(this, { url: serialize(parseAbsolute(init.url)), method: init.method, headers: init.headers,
          redirect: 'follow', signal: null, cf: hostCf(init.headers) });
        return;
      }
      const source = input instanceof Request ? input : null;
      this.url = source ? source.url : new URL(String(input)).href;
      let method = init.method !== undefined ? String(init.method) : source ? source.method : 'GET';
      if (!TOKEN.test(method)) throw new TypeError(`Invalid HTTP method: "${method}"`);
      if (NORMALIZED_METHODS.includes(method.toUpperCase())) method = method.toUpperCase();
      this.method = method;
      this.headers = new Headers(init.headers !== undefined ? init.headers : source ? source.headers : undefined);
      this.redirect = init.redirect || (source ? source.redirect : 'follow');
      this.signal = init.signal || (source ? source.signal : null);
      this.cf = init.cf || (source ? source.cf : undefined);
      if (init.body !== undefined && init.body !== null) {
        setBody(this, init.body, this.headers);
      } else if (source && init.body === undefined) {
        if (source.bodyUsed) throw new TypeError('Cannot construct a Request from one whose body was already used');
        if (source[kStreamBody] !== null) {
          // The stream moves to the new request, as in the Fetch standard.
          this[kStreamBody] = source[kStreamBody];
          source[kStreamBody] = null;
          source[kBodyUsed] = true;
        } else {
          this[kBody] = source[kBody];
          this[kBodyLoader] = source[kBodyLoader];
          if (source[kBodyLoader] !== null) {
            this[kBody] = peekBody(source);
            this[kBodyLoader] = null;
          }
        }
      }
      if ((method === 'GET' || method === 'HEAD') && ((this[kBody] !== null && this[kBody].length > 0) || this[kStreamBody] !== null)) {
        throw new TypeError('A request with method GET or HEAD cannot have a body');
      }
    }
    clone() {
      if (this.bodyUsed) throw new TypeError('Cannot clone a Request whose body was already used');
      // An open stream cannot be teed: peekBody refuses it; a complete one becomes bytes both copies share.
      if (this[kStreamBody] !== null) peekBody(this);
      return new Request(this);
    }
  }
  define('Request', Request);

  const NULL_BODY_STATUSES = [101, 204, 205, 304];
  const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

  class Response extends Body {
    constructor(body = null, init = {}) {
      super();
      init = init || {};
      const status = init.status === undefined ? 200 : Number(init.status);
      if (!Number.isInteger(status) || status < 200 || status > 599) {
        throw new RangeError(`Responses may only be constructed with status codes in the range 200 to 599, got ${init.status}`);
      }
      this.status = status;
      this.statusText = init.statusText === undefined ? '' : String(init.statusText);
      this.headers = new Headers(init.headers);
      this.url = '';
      this.redirected = false;
      this.type = 'default';
      if (body !== null && body !== undefined) {
        if (NULL_BODY_STATUSES.includes(status)) throw new TypeError(`A response with status ${status} cannot have a body`);
        setBody(this, body, this.headers);
      }
    }
    get ok() {
      return this.status >= 200 && this.status <= 299;
    }
    clone() {
      if (this.bodyUsed) throw new TypeError('Cannot clone a Response whose body was already used');
      const copy = new Response(null, { status: this.status === 0 ? 200 : this.status, statusText: this.statusText, headers: this.headers });
      Object.assign(copy, { status: this.status, url: this.url, redirected: this.redirected, type: this.type });
      copy[kBody] = hasBody(this) ? peekBody(this) : null;
      return copy;
    }
    static json(data, init = {}) {
      const text = JSON.stringify(data);
      if (text === undefined) throw new TypeError('Response.json: the value cannot be serialized as JSON');
      const headers = new Headers(init && init.headers);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      return new Response(text, Object.assign({}, init, { headers }));
    }
    static redirect(url, status = 302) {
      if (!REDIRECT_STATUSES.includes(status)) throw new RangeError(`Invalid redirect status code: ${status}`);
      return new Response(null, { status, headers: { location: new URL(String(url)).href } });
    }
    static error() {
      const response = new Response(null, { status: 200 });
      Object.assign(response, { status: 0, type: 'error' });
      return response;
    }
  }
  define('Response', Response);

  // A Response with a status the constructor does not accept (1xx, 0) and a body from the host: read whole
  // when first used (loadBody), or chunk by chunk through response.body (source: { read, close }).
  function upstreamResponse(status, headers, loadBody, url, source) {
    const response = new Response(null, { status: 200, headers });
    response.status = status;
    response.url = url;
    response[kBodyLoader] = loadBody;
    response[kBodySource] = source;
    return response;
  }

  // ---- Outbound fetch (SPEC §12) ----------------------------------------------------------

  // Headers the host sets itself (SPEC §12.1); a fetch that sent them would be refused, so they are dropped.
  const FETCH_HOST_HEADERS = ['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'te',
    'trailer', 'upgrade', 'expect', 'x-request-id', 'traceparent'];

  const FETCH_ERRORS = {
    '-2': 'the request is malformed (method, URL or a header)',
    '-3': 'the request has made all the fetches it may',
    '-4': 'the origin is not on the allow-list or its address is refused',
    '-5': 'the origin could not be reached, timed out, or sent a broken or too large response',
  };

  // Started fetches whose status and headers have not come in yet; the event loop waits on them (poll).
  const pendingFetches = [];

  function fetch(input, init) {
    return new Promise((resolve, reject) => {
      const request = new Request(input, init);
      // A started request runs in the host until it answers, so only a signal already aborted can stop one.
      if (request.signal && request.signal.aborted) throw request.signal.reason;
      const url = new URL(request.url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new TypeError(`fetch: unsupported protocol "${url.protocol}"; only http and https are`);
      }
      url.hash = '';
      let block = '';
      for (const [name, value] of sortedEntries(request.headers)) {
        if (!FETCH_HOST_HEADERS.includes(name)) block += `${name}: ${value}\n`;
      }
      const start = (body) => {
        const handle = native.fetchStart(request.method, url.href, block, body);
        if (handle < 0) {
          throw new TypeError(`fetch ${url.href} failed: ${FETCH_ERRORS[handle] || `error ${handle}`}`);
        }
        pendingFetches.push({ handle, url: url.href, method: request.method, resolve, reject });
      };
      // fetch_start takes the whole request body, so an open stream is read to its end first.
      if (request[kStreamBody] !== null && !streamComplete(request[kStreamBody][kStreamState])) {
        consumeBodyAsync(request).then((body) => {
          try {
            start(body);
          } catch (e) {
            reject(e);
          }
        }, reject);
        return;
      }
      start(hasBody(request) ? consumeBody(request) : new Uint8Array(0));
    });
  }

  // Settles the promise of a fetch whose status and headers are in; the body is read when the script reads it.
  function settleFetch(index) {
    const [pending] = pendingFetches.splice(index, 1);
    const { handle, url } = pending;
    const failed = (what) => new TypeError(`fetch ${url} failed: ${what}`);
    const status = native.fetchStatus(handle);
    const headers = status < 0 ? status : native.fetchHeaders(handle);
    if (typeof headers === 'number') {
      native.fetchClose(handle);
      pending.reject(failed(FETCH_ERRORS[headers] || 'the response could not be read'));
      return;
    }
    let closed = false;
    const close = () => {
      if (!closed) native.fetchClose(handle);
      closed = true;
    };
    const loadBody = () => {
      try {
        const bytes = native.fetchBody(handle);
        if (typeof bytes === 'number') throw failed(FETCH_ERRORS[bytes] || 'the response could not be read');
        return new Uint8Array(bytes);
      } finally {
        close();
      }
    };
    const read = () => {
      const bytes = native.fetchBodyRead(handle, HOST_CHUNK_BYTES);
      if (typeof bytes === 'number') throw failed(FETCH_ERRORS[bytes] || 'the response body could not be read');
      return bytes.byteLength === 0 ? null : new Uint8Array(bytes);
    };
    const pipe = () => {
      const n = native.pipeBody(handle, PIPE_BYTES);
      if (n === PIPE_WRITE_REFUSED) throw new Error('The response body is larger than the host allows');
      if (n < 0) throw failed(FETCH_ERRORS[n] || 'the response body could not be read');
      if (n === 0) close();
      return n;
    };
    const parsed = parseHeaderBlock(headers);
    const response = upstreamResponse(status, parsed, loadBody, url, { read, close, pipe });
    response[kSmallBody] = pending.method === 'HEAD' || NULL_BODY_STATUSES.includes(status)
      || /^[0-9]{1,5}$/.test(parsed.get('content-length') || '') && Number(parsed.get('content-length')) <= HOST_CHUNK_BYTES;
    pending.resolve(response);
  }

  // Waits for the first pending fetch to be ready, or for the earliest timer's delay, whichever comes first.
  function waitForFetch() {
    const next = nextTimer();
    const timeout = next === null ? 0x7fffffff : Math.max(0, next.due - timerClock);
    const started = Date.now();
    const index = native.fetchWaitAny(new Int32Array(pendingFetches.map((p) => p.handle)), timeout);
    if (index === -1) {
      fireTimer();
      return;
    }
    if (index < 0) throw new Error(`fetch: waiting for the responses failed with error ${index}`);
    // Timers count the time spent waiting, so one set before a slow fetch fires in its order.
    timerClock += Math.min(Date.now() - started, timeout);
    settleFetch(index);
  }
  define('fetch', fetch);

  // ---- Timers (virtual time) ------------------------------------------------------------------

  // Timers fire in order of their due time once the job queue is idle; the engine does not sleep,
  // so a delay orders callbacks but takes no wall-clock time.
  let timers = [];
  let timerClock = 0;
  let nextTimerId = 1;

  function addTimer(callback, delay, args, repeat) {
    if (typeof callback !== 'function') throw new TypeError('The callback must be a function');
    const id = nextTimerId++;
    const ms = Math.max(0, Number(delay) || 0);
    timers.push({ id, due: timerClock + ms, callback, args, repeat: repeat ? Math.max(1, ms) : 0 });
    return id;
  }

  function clearTimer(id) {
    timers = timers.filter((t) => t.id !== id);
  }

  // The timer due first, or null.
  function nextTimer() {
    if (timers.length === 0) return null;
    let next = timers[0];
    for (const t of timers) if (t.due < next.due || (t.due === next.due && t.id < next.id)) next = t;
    return next;
  }

  // Runs the earliest timer; false when there is none.
  function fireTimer() {
    const next = nextTimer();
    if (next === null) return false;
    timerClock = next.due;
    if (next.repeat) next.due += next.repeat;
    else clearTimer(next.id);
    try {
      next.callback(...next.args);
    } catch (e) {
      reportUncaught(e, 'Uncaught exception in a timer callback');
    }
    return true;
  }

  define('setTimeout', (callback, delay, ...args) => addTimer(callback, delay, args, false));
  define('setInterval', (callback, delay, ...args) => addTimer(callback, delay, args, true));
  define('clearTimeout', clearTimer);
  define('clearInterval', clearTimer);
  define('queueMicrotask', (callback) => {
    if (typeof callback !== 'function') throw new TypeError('queueMicrotask: the callback must be a function');
    Promise.resolve().then(callback);
  });

  // ---- EventTarget, AbortController, AbortSignal ---------------------------------------------

  class Event {
    constructor(type, init = {}) {
      this.type = String(type);
      this.cancelable = Boolean(init && init.cancelable);
      this.defaultPrevented = false;
      this.timeStamp = Date.now();
    }
    preventDefault() {
      if (this.cancelable) this.defaultPrevented = true;
    }
  }
  define('Event', Event);

  class EventTarget {
    #listeners = new Map();
    addEventListener(type, listener, options) {
      if (!listener) return;
      const list = this.#listeners.get(type) || [];
      if (!list.some((entry) => entry.listener === listener)) list.push({ listener, once: Boolean(options && options.once) });
      this.#listeners.set(type, list);
    }
    removeEventListener(type, listener) {
      const list = this.#listeners.get(type);
      if (list) this.#listeners.set(type, list.filter((entry) => entry.listener !== listener));
    }
    dispatchEvent(event) {
      for (const entry of (this.#listeners.get(event.type) || []).slice()) {
        if (entry.once) this.removeEventListener(event.type, entry.listener);
        if (typeof entry.listener === 'function') entry.listener.call(this, event);
        else entry.listener.handleEvent(event);
      }
      return !event.defaultPrevented;
    }
  }
  define('EventTarget', EventTarget);

  const kAbort = Symbol('abort');

  class AbortSignal extends EventTarget {
    constructor() {
      super();
      this.aborted = false;
      this.reason = undefined;
      this.onabort = null;
    }
    [kAbort](reason) {
      if (this.aborted) return;
      this.aborted = true;
      this.reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
      const event = new Event('abort');
      if (typeof this.onabort === 'function') this.onabort.call(this, event);
      this.dispatchEvent(event);
    }
    throwIfAborted() {
      if (this.aborted) throw this.reason;
    }
    static abort(reason) {
      const signal = new AbortSignal();
      signal[kAbort](reason);
      return signal;
    }
    // Fires on the engine's timers, which order callbacks but do not wait (see setTimeout).
    static timeout(ms) {
      const signal = new AbortSignal();
      addTimer(() => signal[kAbort](new DOMException('The operation timed out', 'TimeoutError')), ms, [], false);
      return signal;
    }
  }
  define('AbortSignal', AbortSignal);

  class AbortController {
    constructor() {
      this.signal = new AbortSignal();
    }
    abort(reason) {
      this.signal[kAbort](reason);
    }
  }
  define('AbortController', AbortController);

  // ---- structuredClone ------------------------------------------------------------------------

  function structuredClone(value) {
    const copies = new Map();
    const clone = (v) => {
      if (typeof v === 'function' || typeof v === 'symbol') {
        throw new DOMException(`${String(v)} could not be cloned`, 'DataCloneError');
      }
      if (typeof v !== 'object' || v === null) return v;
      if (copies.has(v)) return copies.get(v);
      let copy;
      if (v instanceof Date) copy = new Date(v.getTime());
      else if (v instanceof RegExp) copy = new RegExp(v.source, v.flags);
      else if (v instanceof ArrayBuffer) copy = v.slice(0);
      else if (v instanceof DataView) copy = new DataView(v.buffer.slice(0), v.byteOffset, v.byteLength);
      else if (ArrayBuffer.isView(v)) copy = v.slice();
      else if (v instanceof Error) {
        copy = new (global[v.name] && global[v.name].prototype instanceof Error ? global[v.name] : Error)(v.message);
        if (v.stack !== undefined) copy.stack = v.stack;
      } else if (v instanceof Boolean || v instanceof Number || v instanceof String) copy = Object(v.valueOf());
      if (copy !== undefined) {
        copies.set(v, copy);
        return copy;
      }
      if (v instanceof Map) {
        copy = new Map();
        copies.set(v, copy);
        for (const [k, x] of v) copy.set(clone(k), clone(x));
        return copy;
      }
      if (v instanceof Set) {
        copy = new Set();
        copies.set(v, copy);
        for (const x of v) copy.add(clone(x));
        return copy;
      }
      if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet) {
        throw new DOMException(`${Object.prototype.toString.call(v)} could not be cloned`, 'DataCloneError');
      }
      copy = Array.isArray(v) ? new Array(v.length) : {};
      copies.set(v, copy);
      for (const k of Object.keys(v)) copy[k] = clone(v[k]);
      return copy;
    };
    return clone(value);
  }
  define('structuredClone', structuredClone);

  // ---- Web Crypto over SPEC §13 ------------------------------------------------------------------

  const HASHES = { 'SHA-256': [1, 512], 'SHA-384': [2, 1024], 'SHA-512': [3, 1024] };
  const VERIFY_RS256 = 1, VERIFY_ES256 = 2;

  function algorithmName(algorithm) {
    const name = typeof algorithm === 'string' ? algorithm : algorithm && algorithm.name;
    if (typeof name !== 'string') throw new TypeError('The algorithm must be a name or an object with a name');
    return name;
  }

  // The canonical hash name of a hash algorithm identifier; only those §13 offers are accepted.
  function hashName(hash) {
    const name = algorithmName(hash).toUpperCase();
    if (!HASHES[name]) throw new DOMException(`Unsupported hash algorithm: ${algorithmName(hash)}`, 'NotSupportedError');
    return name;
  }

  function canonicalAlgorithm(algorithm) {
    const name = algorithmName(algorithm).toUpperCase();
    const known = { HMAC: 'HMAC', 'RSASSA-PKCS1-V1_5': 'RSASSA-PKCS1-v1_5', ECDSA: 'ECDSA' };
    if (!known[name]) throw new DOMException(`Unsupported algorithm: ${algorithmName(algorithm)}`, 'NotSupportedError');
    return known[name];
  }

  class CryptoKey {
    constructor(type, extractable, algorithm, usages, data) {
      this.type = type;
      this.extractable = extractable;
      this.algorithm = algorithm;
      this.usages = usages;
      this[kKey] = data;
    }
  }
  define('CryptoKey', CryptoKey);

  // Minimal DER: one TLV at offset, with the content's bounds.
  function readTLV(bytes, offset) {
    if (offset + 2 > bytes.length) throw new DOMException('Malformed DER key', 'DataError');
    const tag = bytes[offset];
    let length = bytes[offset + 1];
    let start = offset + 2;
    if (length & 0x80) {
      const n = length & 0x7F;
      if (n < 1 || n > 3) throw new DOMException('Malformed DER key', 'DataError');
      length = 0;
      for (let i = 0; i < n; i++) length = (length << 8) | bytes[start + i];
      start += n;
    }
    if (start + length > bytes.length) throw new DOMException('Malformed DER key', 'DataError');
    return { tag, start, end: start + length };
  }

  function derLength(n) {
    if (n < 0x80) return [n];
    const out = [];
    for (; n > 0; n >>= 8) out.unshift(n & 0xFF);
    return [0x80 | out.length].concat(out);
  }

  function der(tag, ...contents) {
    const body = concatBytes(contents);
    return concatBytes([new Uint8Array([tag].concat(derLength(body.length))), body]);
  }

  function derInteger(bytes) {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    const trimmed = bytes.subarray(i);
    return der(0x02, trimmed[0] & 0x80 ? new Uint8Array([0]) : new Uint8Array(0), trimmed);
  }

  const OID_RSA = new Uint8Array([0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]);
  const OID_EC = new Uint8Array([0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]);
  const OID_P256 = new Uint8Array([0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]);
  const DER_NULL = new Uint8Array([0x05, 0x00]);

  const sameBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

  function rsaSpki(n, e) {
    const key = der(0x30, derInteger(n), derInteger(e));
    return der(0x30, der(0x30, OID_RSA, DER_NULL), der(0x03, new Uint8Array([0]), key));
  }

  function ecSpki(point) {
    return der(0x30, der(0x30, OID_EC, OID_P256), der(0x03, new Uint8Array([0]), point));
  }

  // Checks that spki is a SubjectPublicKeyInfo of the wanted kind; returns the RSA modulus length in bits.
  function checkSpki(spki, kind) {
    const outer = readTLV(spki, 0);
    const algorithm = readTLV(spki, outer.start);
    const oid = readTLV(spki, algorithm.start);
    const oidBytes = spki.subarray(algorithm.start, oid.end);
    const bits = readTLV(spki, algorithm.end);
    if (outer.tag !== 0x30 || algorithm.tag !== 0x30 || bits.tag !== 0x03) throw new DOMException('Not a SubjectPublicKeyInfo', 'DataError');
    if (kind === 'RSA') {
      if (!sameBytes(oidBytes, OID_RSA)) throw new DOMException('The key is not an RSA public key', 'DataError');
      const seq = readTLV(spki, bits.start + 1);
      const modulus = readTLV(spki, seq.start);
      let start = modulus.start;
      while (start < modulus.end && spki[start] === 0) start++;
      return (modulus.end - start) * 8;
    }
    const curve = readTLV(spki, oid.end);
    if (!sameBytes(oidBytes, OID_EC) || !sameBytes(spki.subarray(oid.end, curve.end), OID_P256)) {
      throw new DOMException('The key is not an EC P-256 public key', 'DataError');
    }
    return 256;
  }

  function jwkBytes(jwk, field) {
    const bytes = typeof jwk[field] === 'string' ? base64ToBytes(jwk[field], true) : null;
    if (bytes === null) throw new DOMException(`The JWK's "${field}" is missing or not base64url`, 'DataError');
    return bytes;
  }

  function checkUsages(usages, allowed) {
    const list = Array.from(usages || []);
    for (const u of list) {
      if (!allowed.includes(u)) throw new DOMException(`Unsupported key usage for this key: ${u}`, 'SyntaxError');
    }
    return list;
  }

  function importHmac(format, keyData, algorithm, extractable, usages) {
    if (algorithm.hash === undefined) throw new TypeError('HMAC importKey needs a hash');
    const hash = hashName(algorithm.hash);
    let bytes;
    if (format === 'raw') {
      bytes = bufferSourceBytes(keyData, 'keyData').slice();
    } else if (format === 'jwk') {
      if (keyData.kty !== 'oct') throw new DOMException('An HMAC JWK must have kty "oct"', 'DataError');
      bytes = jwkBytes(keyData, 'k');
    } else {
      throw new DOMException(`Unsupported key format for HMAC: ${format}`, 'NotSupportedError');
    }
    if (bytes.length === 0) throw new DOMException('An HMAC key must not be empty', 'DataError');
    const alg = { name: 'HMAC', hash: { name: hash }, length: bytes.length * 8 };
    return new CryptoKey('secret', Boolean(extractable), alg, checkUsages(usages, ['sign', 'verify']), bytes);
  }

  function importPublic(format, keyData, name, algorithm, extractable, usages) {
    const rsa = name === 'RSASSA-PKCS1-v1_5';
    let spki;
    if (format === 'spki') {
      spki = bufferSourceBytes(keyData, 'keyData').slice();
    } else if (format === 'jwk') {
      if (keyData.d !== undefined) throw new DOMException('Private keys are not supported: only signatures can be verified', 'NotSupportedError');
      if (rsa) {
        if (keyData.kty !== 'RSA') throw new DOMException('An RSA JWK must have kty "RSA"', 'DataError');
        spki = rsaSpki(jwkBytes(keyData, 'n'), jwkBytes(keyData, 'e'));
      } else {
        if (keyData.kty !== 'EC' || keyData.crv !== 'P-256') throw new DOMException('Only EC JWKs on curve P-256 are supported', 'NotSupportedError');
        const x = jwkBytes(keyData, 'x'), y = jwkBytes(keyData, 'y');
        if (x.length !== 32 || y.length !== 32) throw new DOMException('A P-256 JWK has 32-byte x and y', 'DataError');
        spki = ecSpki(concatBytes([new Uint8Array([4]), x, y]));
      }
    } else if (format === 'raw' && !rsa) {
      spki = ecSpki(bufferSourceBytes(keyData, 'keyData').slice());
    } else if (format === 'pkcs8') {
      throw new DOMException('Private keys are not supported: only signatures can be verified', 'NotSupportedError');
    } else {
      throw new DOMException(`Unsupported key format for ${name}: ${format}`, 'NotSupportedError');
    }
    let alg;
    if (rsa) {
      const hash = hashName(algorithm.hash === undefined ? 'SHA-256' : algorithm.hash);
      if (hash !== 'SHA-256') throw new DOMException('RSASSA-PKCS1-v1_5 is supported with SHA-256 only', 'NotSupportedError');
      alg = { name, hash: { name: hash }, modulusLength: checkSpki(spki, 'RSA') };
    } else {
      if (algorithm.namedCurve !== 'P-256') throw new DOMException('ECDSA is supported on curve P-256 only', 'NotSupportedError');
      checkSpki(spki, 'EC');
      alg = { name, namedCurve: 'P-256' };
    }
    return new CryptoKey('public', Boolean(extractable), alg, checkUsages(usages, ['verify']), spki);
  }

  function hmacBytes(hash, key, data) {
    const result = native.hmac(HASHES[hash][0], key, bufferSourceBytes(data, 'data'));
    if (typeof result === 'number') throw new DOMException(`HMAC failed (error ${result})`, 'OperationError');
    return new Uint8Array(result);
  }

  function timingSafeEqual(a, b) {
    const x = bufferSourceBytes(a), y = bufferSourceBytes(b);
    if (x.length !== y.length) return false;
    let diff = 0;
    for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
    return diff === 0;
  }

  function checkKey(key, name, usage) {
    if (!(key instanceof CryptoKey)) throw new TypeError('The key must be a CryptoKey');
    if (key.algorithm.name !== name) throw new DOMException(`The key is not a ${name} key`, 'InvalidAccessError');
    if (!key.usages.includes(usage)) throw new DOMException(`The key does not allow "${usage}"`, 'InvalidAccessError');
  }

  const subtle = {
    async digest(algorithm, data) {
      const name = algorithmName(algorithm).toUpperCase();
      if (!HASHES[name]) throw new DOMException(`Unsupported digest algorithm: ${algorithmName(algorithm)}`, 'NotSupportedError');
      const result = native.digest(HASHES[name][0], bufferSourceBytes(data, 'data'));
      if (typeof result === 'number') throw new DOMException(`digest failed (error ${result})`, 'OperationError');
      return result;
    },
    async importKey(format, keyData, algorithm, extractable, usages) {
      const name = canonicalAlgorithm(algorithm);
      const params = typeof algorithm === 'string' ? {} : algorithm;
      if (name === 'HMAC') return importHmac(format, keyData, params, extractable, usages);
      return importPublic(format, keyData, name, params, extractable, usages);
    },
    async exportKey(format, key) {
      if (!(key instanceof CryptoKey)) throw new TypeError('The key must be a CryptoKey');
      if (!key.extractable) throw new DOMException('The key is not extractable', 'InvalidAccessError');
      if (key.type === 'secret' && format === 'raw') return copyToArrayBuffer(key[kKey]);
      if (key.type === 'secret' && format === 'jwk') {
        return { kty: 'oct', k: bytesToBase64(key[kKey], true), alg: 'HS' + key.algorithm.hash.name.slice(4), ext: true, key_ops: key.usages.slice() };
      }
      if (key.type === 'public' && format === 'spki') return copyToArrayBuffer(key[kKey]);
      throw new DOMException(`Exporting a ${key.type} key as ${format} is not supported`, 'NotSupportedError');
    },
    async generateKey(algorithm, extractable, usages) {
      if (canonicalAlgorithm(algorithm) !== 'HMAC') {
        throw new DOMException('Only HMAC keys can be generated: this engine has no private-key operations', 'NotSupportedError');
      }
      const hash = hashName(algorithm.hash);
      const bytes = new Uint8Array((algorithm.length || HASHES[hash][1]) >> 3);
      native.randomFill(bytes);
      return importHmac('raw', bytes, { hash }, extractable, usages);
    },
    async sign(algorithm, key, data) {
      if (canonicalAlgorithm(algorithm) !== 'HMAC') {
        throw new DOMException('Only HMAC signatures can be made: private keys are not supported', 'NotSupportedError');
      }
      checkKey(key, 'HMAC', 'sign');
      return copyToArrayBuffer(hmacBytes(key.algorithm.hash.name, key[kKey], data));
    },
    async verify(algorithm, key, signature, data) {
      const name = canonicalAlgorithm(algorithm);
      checkKey(key, name, 'verify');
      const sig = bufferSourceBytes(signature, 'signature');
      const bytes = bufferSourceBytes(data, 'data');
      if (name === 'HMAC') return timingSafeEqual(hmacBytes(key.algorithm.hash.name, key[kKey], bytes), sig);
      if (name === 'ECDSA' && hashName(algorithm.hash) !== 'SHA-256') {
        throw new DOMException('ECDSA is supported with SHA-256 only', 'NotSupportedError');
      }
      const result = native.verify(name === 'ECDSA' ? VERIFY_ES256 : VERIFY_RS256, key[kKey], bytes, sig);
      if (result < 0) throw new DOMException('The host refused the key', 'DataError');
      return result === 1;
    },
    timingSafeEqual,
  };

  const INTEGER_ARRAYS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
    BigInt64Array, BigUint64Array];

  const crypto = {
    subtle,
    getRandomValues(array) {
      if (!INTEGER_ARRAYS.some((type) => array instanceof type)) {
        throw new DOMException('getRandomValues needs an integer typed array', 'TypeMismatchError');
      }
      if (array.byteLength > 65536) throw new DOMException('getRandomValues: at most 65536 bytes at a time', 'QuotaExceededError');
      native.randomFill(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
      return array;
    },
    randomUUID() {
      const b = new Uint8Array(16);
      native.randomFill(b);
      b[6] = (b[6] & 0x0F) | 0x40;
      b[8] = (b[8] & 0x3F) | 0x80;
      const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
  };
  define('crypto', crypto);

  // ---- Math.random, performance, navigator --------------------------------------------------

  Object.defineProperty(Math, 'random', { value: native.random, writable: true, configurable: true });
  let timeOrigin = Date.now();
  define('performance', {
    get timeOrigin() {
      return timeOrigin;
    },
    now: () => Date.now() - timeOrigin,
  });
  define('navigator', { userAgent: 'edge-host' });

  // ---- env and the key-value namespace (SPEC §6.2, §11) ------------------------------------------

  const KV_ERRORS = {
    '-2': 'the key is empty or the expiration is negative',
    '-3': 'a limit was exceeded: the key is longer than 512 bytes, the value is too large, or the request used up its operations',
    '-5': 'the key-value store could not be reached',
  };

  function kvError(code, op) {
    return new (code === -2 ? TypeError : Error)(`KV ${op} failed: ${KV_ERRORS[code] || `error ${code}`}`);
  }

  function kvKey(key) {
    const k = String(key);
    if (k === '') throw new TypeError('KV keys must not be empty');
    return k;
  }

  function decodeKvValue(buffer, type) {
    switch (type) {
      case 'text': return decodeUtf8(new Uint8Array(buffer));
      case 'json': return JSON.parse(decodeUtf8(new Uint8Array(buffer)));
      case 'arrayBuffer': return buffer;
      case 'stream': throw new TypeError('KV get: type "stream" is not supported by this engine');
      default: throw new TypeError(`KV get: unknown type "${type}"; use text, json or arrayBuffer`);
    }
  }

  // The ttl in seconds for kv_set from expirationTtl (seconds from now) or expiration (seconds since the epoch).
  function kvTtl(options) {
    if (!options) return 0;
    if (options.expirationTtl !== undefined) {
      const ttl = Math.ceil(Number(options.expirationTtl));
      if (!(ttl > 0)) throw new TypeError('KV put: expirationTtl must be a positive number of seconds');
      return ttl;
    }
    if (options.expiration !== undefined) {
      const ttl = Math.ceil(Number(options.expiration) - Date.now() / 1000);
      if (!(ttl > 0)) throw new TypeError('KV put: expiration must be in the future');
      return ttl;
    }
    return 0;
  }

  const kvGet = (key, options) => {
    const type = typeof options === 'string' ? options : (options && options.type) || 'text';
    const result = native.kvGet(kvKey(key));
    if (typeof result === 'number') {
      if (result === -1) return null;
      throw kvError(result, 'get');
    }
    return decodeKvValue(result, type);
  };

  const KV = Object.freeze({
    async get(key, options) {
      return kvGet(key, options);
    },
    async getWithMetadata(key, options) {
      return { value: kvGet(key, options), metadata: null };
    },
    async put(key, value, options) {
      const bytes = typeof value === 'string' ? utf8(value) : bufferSourceBytes(value, 'KV put: the value');
      const code = native.kvSet(kvKey(key), bytes, kvTtl(options));
      if (code < 0) throw kvError(code, 'put');
    },
    async delete(key) {
      const code = native.kvDelete(kvKey(key));
      if (code < 0 && code !== -1) throw kvError(code, 'delete');
    },
    async list(options = {}) {
      const prefix = options.prefix === undefined || options.prefix === null ? '' : String(options.prefix);
      const limit = options.limit === undefined ? 1000 : Math.min(1000, Math.max(1, Math.floor(options.limit)));
      let after = options.cursor ? String(options.cursor) : '';
      const names = [];
      // One key beyond the limit tells whether the listing is complete.
      while (names.length <= limit) {
        const page = native.kvList(prefix, after);
        if (typeof page === 'number') throw kvError(page, 'list');
        if (page.length === 0) break;
        names.push(...page);
        after = page[page.length - 1];
      }
      const complete = names.length <= limit;
      const keys = names.slice(0, limit).map((name) => ({ name }));
      return complete ? { keys, list_complete: true } : { keys, list_complete: false, cursor: keys[keys.length - 1].name };
    },
    async increment(key, by = 1, options) {
      if (typeof by !== 'bigint' && !Number.isSafeInteger(by)) throw new TypeError('KV increment: by must be an integer');
      const [code, value] = native.kvIncr(kvKey(key), by, kvTtl(options));
      if (code < 0) throw code === -2 ? new TypeError('KV increment failed: the stored value is not an integer, or the sum overflows 64 bits') : kvError(code, 'increment');
      return Number(value);
    },
  });

  // Configuration cannot be listed (SPEC §6.2), so env reads each key when it is asked for.
  // Not frozen: a proxy may only report keys its target lacks (config keys) while the target is extensible.
  const envBindings = { KV };
  const env = new Proxy(envBindings, {
    get(target, key) {
      if (typeof key === 'symbol') return undefined;
      if (Object.prototype.hasOwnProperty.call(target, key)) return target[key];
      return native.configGet(key);
    },
    has(target, key) {
      return typeof key === 'string' && (Object.prototype.hasOwnProperty.call(target, key) || native.configGet(key) !== undefined);
    },
  });

  // ---- Events, handlers and the hooks engine.c calls -------------------------------------------------

  const listeners = { fetch: [], scheduled: [] };
  let moduleExports = null;
  let current = null; // the running event's state
  const unhandled = new Map(); // promise -> reason, for rejections nothing handled yet
  let lastError = null;

  define('addEventListener', function addEventListener(type, listener) {
    if (typeof listener !== 'function' && !(listener && typeof listener.handleEvent === 'function')) {
      throw new TypeError('addEventListener: the listener must be a function');
    }
    if (!listeners[type]) listeners[type] = [];
    listeners[type].push(listener);
  });
  define('removeEventListener', function removeEventListener(type, listener) {
    if (listeners[type]) listeners[type] = listeners[type].filter((l) => l !== listener);
  });

  function waitUntilFor(state) {
    return (promise) => {
      state.pending++;
      Promise.resolve(promise).then(
        () => state.pending--,
        (e) => {
          state.pending--;
          reportUncaught(e, 'Uncaught (in waitUntil promise)');
        });
    };
  }

  class ExecutionContext {
    constructor(state) {
      this.waitUntil = waitUntilFor(state);
      this.passThroughOnException = () => {};
    }
  }

  class FetchEvent {
    constructor(request, state) {
      this.type = 'fetch';
      this.request = request;
      this.waitUntil = waitUntilFor(state);
      this.passThroughOnException = () => {};
      this.respondWith = (response) => {
        if (state.responded) throw new DOMException('respondWith() was already called', 'InvalidStateError');
        state.responded = true;
        state.result = response;
      };
    }
  }

  function incomingRequest() {
    const method = native.reqMethod();
    const url = native.reqUrl();
    const block = native.reqHeaders();
    if (typeof method === 'number' || typeof url === 'number' || typeof block === 'number') {
      throw new Error('the request could not be read from the host');
    }
    const upper = method.toUpperCase();
    const request = new Request(kFromHost, {
      url, method: NORMALIZED_METHODS.includes(upper) ? upper : method, headers: parseHeaderBlock(block),
    });
    if (request.method === 'GET' || request.method === 'HEAD') return request;
    request[kBodyLoader] = () => {
      const body = native.reqBody();
      if (typeof body === 'number') throw new Error(`the request body could not be read (error ${body})`);
      return new Uint8Array(body);
    };
    // request.body reads it as it arrives instead (req_body_read), so a script can pass an upload along.
    request[kBodySource] = {
      read() {
        const bytes = native.reqBodyRead(HOST_CHUNK_BYTES);
        if (typeof bytes === 'number') throw new Error(`the request body could not be read (error ${bytes})`);
        return bytes.byteLength === 0 ? null : new Uint8Array(bytes);
      },
      close() {},
      pipe() {
        const n = native.pipeBody(-1, PIPE_BYTES);
        if (n === PIPE_WRITE_REFUSED) throw new Error('The response body is larger than the host allows');
        if (n < 0) throw new Error(`the request body could not be read (error ${n})`);
        return n;
      },
    };
    return request;
  }

  function callListeners(type, event) {
    for (const listener of listeners[type]) {
      if (typeof listener === 'function') listener.call(global, event);
      else listener.handleEvent(event);
    }
  }

  function runFetch(state) {
    const request = incomingRequest();
    if (moduleExports && moduleExports.default && typeof moduleExports.default.fetch === 'function') {
      return moduleExports.default.fetch(request, env, new ExecutionContext(state));
    }
    callListeners('fetch', new FetchEvent(request, state));
    if (!state.responded) throw new Error('No fetch listener called event.respondWith()');
    return state.result;
  }

  // The host names the run's cron expression and minute in host-owned headers (ABI spec §2.4).
  function scheduledController() {
    const block = native.reqHeaders();
    const headers = typeof block === 'number' ? new Headers() : parseHeaderBlock(block);
    const time = headers.get('x-edge-scheduled-time');
    return {
      type: 'scheduled',
      scheduledTime: time !== null && /^[0-9]{1,15}$/.test(time) ? Number(time) : Date.now(),
      cron: headers.get('x-edge-schedule') || '',
      noRetry() {},
    };
  }

  function runScheduled(state) {
    const controller = scheduledController();
    if (moduleExports && moduleExports.default && typeof moduleExports.default.scheduled === 'function') {
      return moduleExports.default.scheduled(controller, env, new ExecutionContext(state));
    }
    if (listeners.scheduled.length === 0) throw new Error('The script has no scheduled handler');
    const event = Object.assign({}, controller, { waitUntil: waitUntilFor(state) });
    callListeners('scheduled', event);
    return undefined;
  }

  function reportUncaught(error, prefix) {
    log(LOG_ERROR, `${prefix}: ${error instanceof Error ? formatError(error) : inspect(error, 1)}`);
  }

  // The first "worker.js:N" of a stack.
  function stackLine(stack) {
    const m = /worker\.js:(\d+)/.exec(stack);
    return m ? Number(m[1]) : undefined;
  }

  const RESPONSE_HOST_HEADERS = ['x-request-id', 'content-length', 'transfer-encoding', 'connection', 'keep-alive',
    'upgrade', 'trailer', 'server-timing'];

  function checkResponse(response) {
    if (!(response instanceof Response)) {
      throw new TypeError(`The fetch handler must return a Response (or a Promise of one), got ${inspect(response, 1)}`);
    }
    if (response.status < 200) throw new TypeError(`The script cannot answer with status ${response.status}`);
  }

  function writeHead(response) {
    const headers = sortedEntries(response.headers).filter(([name]) => !RESPONSE_HOST_HEADERS.includes(name));
    native.respSetStatus(response.status);
    for (const [name, value] of headers) {
      const code = native.respAddHeader(name, value);
      if (code === -3) throw new Error('The response has more headers (or header bytes) than the host allows');
      if (code < 0 && code !== -4) throw new TypeError(`The host refused the response header "${name}" (error ${code})`);
    }
  }

  // Writes a complete response; everything is checked before the first host call, so an invalid one writes nothing.
  function writeResponse(response) {
    checkResponse(response);
    const body = consumeBody(response);
    writeHead(response);
    if (body.length > 0 && native.respWrite(body) < 0) {
      throw new Error(`The response body (${body.length} bytes) is larger than the host allows`);
    }
  }

  // The stream a response's body is sent from as it comes, or null when the body is sent whole: a stream still
  // open, or a fetched body the origin did not declare to be at most one chunk long (it is then read as it arrives).
  function streamOf(response) {
    if (response[kStreamBody] !== null) {
      const s = response[kStreamBody][kStreamState];
      return streamComplete(s) || s.locked ? null : s;
    }
    if (response[kBodySource] !== null && !response[kSmallBody] && !response[kBodyUsed]) return response.body[kStreamState];
    return null;
  }

  // Sends the head now (resp_flush) and then each chunk as the stream yields it; the headers are immutable from then
  // on. The request lasts until the stream ends; an error of the stream ends the response early (SPEC §5.6).
  function streamResponse(state, response, s) {
    writeHead(response);
    response.headers[kImmutable] = true;
    native.respFlush();
    response[kBodyUsed] = true;
    s.locked = true;
    state.streamed = true;
    state.streaming = true;
    state.pending++;
    let written = 0;
    const piped = s.source !== null && typeof s.source.pipe === 'function' && !s.disturbed && s.queue.length === 0;
    const pump = async () => {
      if (piped) {
        s.disturbed = true;
        // Between pieces the job queue runs, so the request's other promises (waitUntil work) go on while a large body
        // passes; timers wait for the end of the body, as they wait for an idle job queue.
        while (s.source.pipe() > 0) await undefined;
        return;
      }
      for (;;) {
        const { value, done } = await readFrom(s);
        if (done) return;
        written += value.length;
        if (value.length > 0 && native.respWrite(value) < 0) {
          throw new Error(`The response body (${written} bytes so far) is larger than the host allows`);
        }
      }
    };
    pump().then(() => {
      state.pending--;
      state.streaming = false;
    }, (error) => {
      state.pending--;
      state.streamFailure = { error };
      cancelStream(s, error).catch(() => {});
    });
  }

  // Called once the handler's promise settles: a response with an open stream starts streaming at once.
  function respond(state) {
    const response = state.value;
    if (!(response instanceof Response) || response.status < 200) return;
    const s = streamOf(response);
    if (s === null) return;
    try {
      streamResponse(state, response, s);
    } catch (error) {
      Object.assign(state, { failed: true, value: error });
    }
  }

  return {
    beforeScript(form) {
      if (form === 'module') {
        Object.defineProperty(global, Symbol.for('edge.registerModule'), {
          value: (exports) => {
            moduleExports = exports;
          },
          configurable: true,
        });
      } else {
        // Service-worker scripts have no env argument: their bindings are globals.
        define('KV', KV);
        define('env', env);
      }
    },
    afterScript() {
      delete global[Symbol.for('edge.registerModule')];
      const fromModule = moduleExports && moduleExports.default && typeof moduleExports.default.fetch === 'function';
      return Boolean(fromModule || listeners.fetch.length > 0);
    },
    start(type) {
      timers = [];
      pendingFetches.length = 0;
      timerClock = 0;
      timeOrigin = Date.now();
      unhandled.clear();
      const state = { type, settled: false, failed: false, value: undefined, pending: 0, responded: false, result: undefined,
        streaming: false, streamed: false, streamFailure: null };
      current = state;
      const result = type === 'fetch' ? runFetch(state) : runScheduled(state);
      Promise.resolve(result).then(
        (value) => {
          Object.assign(state, { settled: true, value });
          if (type === 'fetch') respond(state);
        },
        (error) => Object.assign(state, { settled: true, failed: true, value: error }));
    },
    // 0: everything settled; 1: a fetch came in or a timer ran, drain the job queue again; 2: nothing left that
    // could settle it.
    poll() {
      if (current.settled && current.pending === 0) return 0;
      if (pendingFetches.length > 0) {
        waitForFetch();
        return 1;
      }
      return fireTimer() ? 1 : 2;
    },
    finish() {
      const state = current;
      for (const reason of unhandled.values()) reportUncaught(reason, 'Uncaught (in promise)');
      unhandled.clear();
      if (!state.settled) {
        throw new Error(state.type === 'fetch' ? 'The script will never generate a response: the promise the fetch handler returned never settled'
          : 'The scheduled handler\'s promise never settled');
      }
      if (state.streamFailure !== null) throw state.streamFailure.error;
      if (state.streaming) {
        throw new Error('The response body stream never ended: nothing was left that could write to it or close it');
      }
      if (state.pending > 0) log(LOG_WARN, `${state.pending} waitUntil promise(s) never settled and were abandoned`);
      if (state.failed) throw state.value;
      if (state.type === 'fetch' && !state.streamed) writeResponse(state.value);
    },
    trackRejection(promise, reason, handled) {
      if (handled) unhandled.delete(promise);
      else unhandled.set(promise, reason);
    },
    describeError(kind, error) {
      const isError = error instanceof Error;
      const message = isError ? `${error.name}: ${error.message}` : inspect(error, 1);
      const stack = isError && error.stack !== undefined ? userStack(error.stack) : '';
      lastError = { kind, message, line: stackLine(stack), stack };
      return JSON.stringify(lastError);
    },
    logError() {
      log(LOG_ERROR, `Uncaught ${lastError.message}${lastError.stack ? '\n' + lastError.stack : ''}`);
    },
  };
})
