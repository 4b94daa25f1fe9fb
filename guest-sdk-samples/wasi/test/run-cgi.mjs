#!/usr/bin/env node
// Development tool, not part of the host: runs a WASI command module once the way the host's CGI
// mode does (RFC 3875 meta-variables in the environment, the request body on stdin, no preopened
// directories), on node's WASI, and prints what the module wrote and how it ended:
//
//   == stdout
//   ...
//   == stderr
//   ...
//   == exit 0            (or "== trap MESSAGE" when the module trapped)
//
// Usage:
//   node run-cgi.mjs PROGRAM.wasm [options]
//     --request METHOD TARGET  set the CGI meta-variables for a request of METHOD to TARGET
//                              (the path below the host, e.g. /name/extra?x=1); without it the
//                              module gets only the --env entries
//     --header 'Name: value'   a request header (HTTP_NAME); repeatable
//     --name NAME              the function name (argv[0], SCRIPT_NAME); default: file name
//     --arg A                  a further argument after argv[0]; repeatable
//     --env K=V                a config entry, after the meta-variables; repeatable
//     --stdin FILE | --body TEXT   the request body (default: empty)
//     --trace                  add "== trace": every WASI call with its arguments and errno
//
// Node's WASI is used only because the host's CGI mode is a separate piece of work; the
// module sees the same interface from both.

import { readFileSync, writeFileSync, openSync, closeSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import v8 from 'node:v8';

// node marks WASI experimental and says so on stderr; that line is not the module's output.
process.removeAllListeners('warning');
// node 20 calls WASI functions through V8's fast API calls, and a garbage collection started
// inside one (fd_write of a large buffer can start one) aborts the process
// (nodejs/node#46777). Plain calls must be chosen before any WASI function is compiled.
v8.setFlagsFromString('--no-turbo-fast-api-calls');
const { WASI } = await import('node:wasi');

function usage(message) {
  process.stderr.write(`run-cgi.mjs: ${message}\nusage: node run-cgi.mjs PROGRAM.wasm [--request METHOD TARGET] ` +
    `[--header 'Name: value']... [--name NAME] [--arg A]... [--env K=V]... [--stdin FILE | --body TEXT] [--trace]\n`);
  process.exit(2);
}

const argv = process.argv.slice(2);
if (argv.length === 0 || argv[0].startsWith('--')) usage('no module given');
const wasmPath = argv.shift();
let request = null;
let name = basename(wasmPath).replace(/\.wasm$/, '');
let body = Buffer.alloc(0);
let trace = false;
const headers = [];
const extraArgs = [];
const config = [];
while (argv.length > 0) {
  const option = argv.shift();
  const value = () => {
    if (argv.length === 0) usage(`${option} needs a value`);
    return argv.shift();
  };
  switch (option) {
    case '--request': request = { method: value(), target: value() }; break;
    case '--header': {
      const line = value();
      const colon = line.indexOf(':');
      if (colon <= 0) usage(`header '${line}' is not 'Name: value'`);
      headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
      break;
    }
    case '--name': name = value(); break;
    case '--arg': extraArgs.push(value()); break;
    case '--env': {
      const entry = value();
      const eq = entry.indexOf('=');
      if (eq <= 0) usage(`env entry '${entry}' is not K=V`);
      config.push([entry.slice(0, eq), entry.slice(eq + 1)]);
      break;
    }
    case '--stdin': body = readFileSync(value()); break;
    case '--body': body = Buffer.from(value()); break;
    case '--trace': trace = true; break;
    default: usage(`unknown option ${option}`);
  }
}

// The meta-variables the host's CGI mode sets, in its order, then the config entries.
const env = [];
if (request) {
  const target = request.target;
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const script = `/${name}`;
  const pathInfo = path.startsWith(script) ? path.slice(script.length) : path;
  const contentType = headers.find(([k]) => k.toLowerCase() === 'content-type');
  const allHeaders = headers.some(([k]) => k.toLowerCase() === 'host') ? headers : [['Host', 'localhost:8080'], ...headers];
  env.push(
    ['REQUEST_METHOD', request.method],
    ['PATH_INFO', pathInfo],
    ['QUERY_STRING', q < 0 ? '' : target.slice(q + 1)],
    ['CONTENT_TYPE', contentType ? contentType[1] : ''],
    ['CONTENT_LENGTH', String(body.length)],
    ['SERVER_NAME', 'localhost'],
    ['SERVER_PORT', '8080'],
    ['SERVER_PROTOCOL', 'HTTP/1.1'],
    ['SERVER_SOFTWARE', 'run-cgi.mjs'],
    ['REMOTE_ADDR', '127.0.0.1'],
    ['SCRIPT_NAME', script],
    ['GATEWAY_INTERFACE', 'CGI/1.1'],
  );
  for (const [k, v] of allHeaders) env.push([`HTTP_${k.toUpperCase().replace(/-/g, '_')}`, v]);
  env.push(['X_FULL_URL', `http://localhost:8080${target}`], ['X_REQUEST_ID', 'req-0001']);
}
env.push(...config);

// node's poll_oneoff can return up to a millisecond before a clock subscription is due (libuv
// timers count whole milliseconds), which a host must not do and the check programs test. So a
// poll_oneoff whose subscriptions are all clocks is waited for here, on node's monotonic clock
// (the one its clock_time_get reads); any other goes to node.
function clockPoll(nodePoll, getMemory) {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  return (subscriptions, events, count, stored) => {
    const view = new DataView(getMemory().buffer);
    const start = process.hrtime.bigint();
    const due = [];
    for (let i = 0; i < count; i++) {
      const at = subscriptions + 48 * i;
      const tag = view.getUint8(at + 8);
      const clock = view.getUint32(at + 16, true);
      if (tag !== 0 || clock > 1) return nodePoll(subscriptions, events, count, stored);
      const timeout = view.getBigUint64(at + 24, true);
      const absolute = (view.getUint16(at + 40, true) & 1) !== 0;
      const realtimeNow = BigInt(Date.now()) * 1000000n;
      const deadline = !absolute ? start + timeout : clock === 1 ? timeout : start + (timeout - realtimeNow);
      due.push([view.getBigUint64(at, true), deadline]);
    }
    const first = due.reduce((min, [, deadline]) => (deadline < min ? deadline : min), due[0][1]);
    for (let now = start; now < first; now = process.hrtime.bigint()) {
      Atomics.wait(sleeper, 0, 0, Math.ceil(Number(first - now) / 1e6));
    }
    const now = process.hrtime.bigint();
    let n = 0;
    for (const [userdata, deadline] of due) {
      if (deadline > now) continue;
      const at = events + 32 * n++;
      for (let b = 0; b < 32; b++) view.setUint8(at + b, 0);
      view.setBigUint64(at, userdata, true); // error 0 (success) and type 0 (clock) stay zero
    }
    view.setUint32(stored, n, true);
    return 0;
  };
}

const scratch = mkdtempSync(join(tmpdir(), 'run-cgi-'));
try {
  const stdinPath = join(scratch, 'stdin');
  const stdoutPath = join(scratch, 'stdout');
  const stderrPath = join(scratch, 'stderr');
  writeFileSync(stdinPath, body);
  const fds = [openSync(stdinPath, 'r'), openSync(stdoutPath, 'w'), openSync(stderrPath, 'w')];

  // No preopens: the module sees no directory at all, as on the host.
  const wasi = new WASI({
    version: 'preview1',
    args: [name, ...extraArgs],
    env: Object.fromEntries(env),
    stdin: fds[0], stdout: fds[1], stderr: fds[2],
    returnOnExit: true,
  });
  let memory;
  const functions = { ...wasi.wasiImport, poll_oneoff: clockPoll(wasi.wasiImport.poll_oneoff, () => memory) };
  const calls = [];
  const wasiImport = trace
    ? Object.fromEntries(Object.entries(functions).map(([fn, impl]) => [fn, (...args) => {
        // Recorded before the call: proc_exit does not return.
        const call = calls.push(`${fn}(${args.join(', ')})`) - 1;
        const result = impl(...args);
        calls[call] += ` -> ${result}`;
        return result;
      }]))
    : functions;

  const module = new WebAssembly.Module(readFileSync(wasmPath));
  const missing = WebAssembly.Module.imports(module)
    .filter((i) => i.module !== 'wasi_snapshot_preview1' || !(i.name in wasiImport))
    .map((i) => `${i.module}.${i.name}`);
  if (missing.length > 0) usage(`the module imports what this harness does not provide: ${missing.join(', ')}`);
  const instance = new WebAssembly.Instance(module, { wasi_snapshot_preview1: wasiImport });
  memory = instance.exports.memory;

  let ending;
  try {
    ending = `exit ${wasi.start(instance)}`;
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError)) throw e;
    ending = `trap ${e.message}`;
  }
  fds.forEach((fd) => closeSync(fd));

  // Bytes as written; a line feed is added only where a section would otherwise run on.
  const section = (title, bytes) => {
    process.stdout.write(`== ${title}\n`);
    process.stdout.write(bytes);
    if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) process.stdout.write('\n');
  };
  section('stdout', readFileSync(stdoutPath));
  section('stderr', readFileSync(stderrPath));
  if (trace) section('trace', Buffer.from(calls.map((c) => `${c}\n`).join('')));
  process.stdout.write(`== ${ending}\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
