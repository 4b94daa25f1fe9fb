// Allocating past the memory cap fails the allocation, not the host: the script catches the
// engine's out-of-memory error and answers; the next request starts from the deploy's state.
export default {
  fetch() {
    const kept = [];
    try {
      for (let i = 0; i < 10000; i++) {
        kept.push(new Uint8Array(1 << 20));
      }
      return new Response(`allocated ${kept.length} MiB\n`);
    } catch (e) {
      const held = kept.length;
      kept.length = 0;
      return new Response(`refused after ${held < 64 ? 'fewer than 64' : held} MiB: ${e.name}\n`);
    }
  },
};
