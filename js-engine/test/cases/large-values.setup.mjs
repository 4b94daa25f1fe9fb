// A 3 KB URL, a 2 KB header, a 1 KB configuration value, a 1.5 MiB request body and a 1 MiB upstream body.
export default function setup(fixture) {
  const body = Buffer.alloc(1536 * 1024);
  for (let i = 0; i < body.length; i++) body[i] = (i * 7) & 0xff;
  return {
    ...fixture,
    config: { LONG: 'c'.repeat(1024) },
    fetch: { 'https://big.example/': { status: 200, body: 'b'.repeat(1024 * 1024) } },
    requests: [{
      method: 'POST',
      url: `https://worker.example/${'p'.repeat(3000)}`,
      headers: [['x-long', 'h'.repeat(2048)], ...Array.from({ length: 40 }, (_, i) => [`x-h${i}`, String(i)])],
      body: body.toString('latin1'),
      bodyEncoding: 'latin1',
    }],
  };
}
