// Runs a module's run(n) on V8 (Node.js): warm-up runs, then measured runs; prints each measured
// run's milliseconds as a JSON array. Arguments: the .wasm file, n, warm-up runs, measured runs.
const fs = require('fs');
const [file, n, warmups, runs] = process.argv.slice(2);
const instance = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(file)));
const argument = BigInt(n);
for (let i = 0; i < Number(warmups); i++) {
  instance.exports.run(argument);
}
const times = [];
for (let i = 0; i < Number(runs); i++) {
  const start = process.hrtime.bigint();
  instance.exports.run(argument);
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
console.log(JSON.stringify(times));
