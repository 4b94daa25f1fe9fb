// Runs a module's run(n) on V8 (Node.js): warm-up runs, then measured runs; prints each measured
// run's milliseconds as a JSON array. Arguments: the .wasm file, n, warm-up runs, measured runs, and
// the clock: wall (the default) or cpu (the process's CPU time, less disturbed by a busy machine).
const fs = require('fs');
const [file, n, warmups, runs, clock] = process.argv.slice(2);
const now = clock === 'cpu'
  ? () => { const used = process.cpuUsage(); return (used.user + used.system) / 1e3; }
  : () => Number(process.hrtime.bigint()) / 1e6;
const instance = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(file)));
const argument = BigInt(n);
for (let i = 0; i < Number(warmups); i++) {
  instance.exports.run(argument);
}
const times = [];
for (let i = 0; i < Number(runs); i++) {
  const start = now();
  instance.exports.run(argument);
  times.push(now() - start);
}
console.log(JSON.stringify(times));
