// Time comes from time_now_ms and randomness from random_fill.
export default {
  async fetch() {
    const out = [];
    out.push(`Date.now: ${Date.now()}`);
    out.push(`new Date: ${new Date().toISOString()}`);
    out.push(`performance.now: ${performance.now()}`);
    const numbers = Array.from({ length: 200 }, () => Math.random());
    out.push(`random in [0,1): ${numbers.every((n) => n >= 0 && n < 1)}, distinct: ${new Set(numbers).size}`);
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    out.push(`getRandomValues: ${bytes.length} bytes, not all zero: ${bytes.some((b) => b !== 0)}`);
    out.push(`Uint32Array: ${crypto.getRandomValues(new Uint32Array(4)).length}`);
    const uuid = crypto.randomUUID();
    out.push(`randomUUID: ${/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uuid)} ${uuid !== crypto.randomUUID()}`);
    for (const bad of [() => crypto.getRandomValues(new Float64Array(2)), () => crypto.getRandomValues(new Uint8Array(65537))]) {
      try {
        bad();
      } catch (e) {
        out.push(`refused: ${e.name}`);
      }
    }
    return new Response(out.join('\n') + '\n');
  },
};
