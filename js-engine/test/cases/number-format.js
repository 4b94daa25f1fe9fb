// Number formatting: JS rounds ties away from zero, which wasm's printf cannot do alone.
export default {
  async fetch() {
    const cases = [
      (1.125).toFixed(2), (2.5).toFixed(0), (-2.5).toFixed(0), (0.5).toFixed(0), (1.005).toFixed(2),
      (9.995).toFixed(2), (99.5).toFixed(0), (-0.125).toFixed(2), (1.45).toFixed(1), (123.456).toFixed(10),
      (1.25).toPrecision(2), (0.000125).toPrecision(2), (125).toExponential(1), (-125).toExponential(1),
      (9.5).toPrecision(1), (1e21).toFixed(2), (0.1 + 0.2).toString(), (1 / 3).toString(), (5e-7).toString(),
      (255).toString(16), (2 ** 53 + 2).toString(), String(12345678901234567890n * 3n),
      parseFloat('3.14abc'), Number('0x1f'), JSON.stringify({ n: 1e-7, m: -0 }),
    ];
    return new Response(cases.join('\n') + '\n');
  },
};
