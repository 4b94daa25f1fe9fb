// Checks timers and the job queue (setTimeout order by delay, setInterval and clearInterval,
// clearTimeout, queueMicrotask), console at every level, Date, Math.random and performance.now.
export default {
  async fetch() {
    const order = [];
    console.log('log %s %d', 'line', 1);
    console.info('info', { a: 1 });
    console.warn('warn');
    console.error('error');
    console.debug('debug');
    await new Promise((resolve) => {
      setTimeout(() => order.push('timeout 20'), 20);
      setTimeout(() => order.push('timeout 10'), 10);
      const cancelled = setTimeout(() => order.push('never'), 5);
      clearTimeout(cancelled);
      let ticks = 0;
      const interval = setInterval(() => {
        order.push(`interval ${++ticks}`);
        if (ticks === 2) {
          clearInterval(interval);
        }
      }, 1);
      queueMicrotask(() => order.push('microtask'));
      setTimeout(resolve, 30);
    });
    const now = Date.now();
    const random = Math.random();
    return new Response(
      `${order.join(', ')}\n` +
        `date: ${now > 1.6e12} ${new Date(now).getTime() === now}\n` +
        `random: ${random >= 0 && random < 1}\n` +
        `performance: ${performance.now() >= 0}\n`,
    );
  },
};
