// The language QuickJS 2021-03-27 gives scripts, and the ES2022 library calls the prelude fills in.
class Counter {
  #count = 0;
  static created = 0;
  constructor() {
    Counter.created++;
  }
  #step() {
    return ++this.#count;
  }
  next() {
    return this.#step();
  }
}

async function* numbers() {
  yield 1;
  yield 2;
}

export default {
  async fetch() {
    const out = [];
    const c = new Counter();
    c.next();
    out.push(`private fields and methods: ${c.next()}, static ${Counter.created}`);
    const nested = { a: { b: null } };
    out.push(`optional chaining and nullish: ${nested.a?.b?.c ?? 'fallback'} ${nested.x?.y}`);
    let assigned = null;
    assigned ??= 'set';
    out.push(`logical assignment: ${assigned}`);
    out.push(`BigInt: ${2n ** 64n} ${BigInt.asUintN(8, 257n)}`);
    const collected = [];
    for await (const n of numbers()) collected.push(n);
    out.push(`async iteration: ${collected}`);
    out.push(`regexp: ${'2024-01-02'.replace(/(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})/, '$<day>.$<month>.$<year>')} ${/(?<=\$)\d+/.exec('cost $42')[0]}`);
    out.push(`at: ${[1, 2, 3].at(-1)} ${'abc'.at(-2)} ${new Uint8Array([7, 8]).at(0)} ${[].at(0)}`);
    out.push(`findLast: ${[1, 2, 3, 4].findLast((x) => x % 2 === 1)} ${[1, 2, 3].findLastIndex((x) => x > 5)}`);
    out.push(`Object.hasOwn: ${Object.hasOwn({ k: 1 }, 'k')} ${Object.hasOwn({}, 'toString')}`);
    out.push(`Promise.any: ${await Promise.any([Promise.reject(new Error('no')), Promise.resolve('yes')])}`);
    out.push(`replaceAll/matchAll: ${'a-b-c'.replaceAll('-', '+')} ${[...'a1b2'.matchAll(/\d/g)].length}`);
    out.push(`JSON and Date: ${JSON.stringify({ d: new Date(Date.UTC(2020, 1, 29)) })} ${new Date('2020-02-29T12:00:00Z').getUTCDay()}`);
    out.push(`typeof Intl: ${typeof Intl}`);
    return new Response(out.join('\n') + '\n');
  },
};
