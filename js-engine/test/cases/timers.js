// setTimeout, setInterval, clearTimeout and queueMicrotask run in order; delays take no real time.
export default {
  async fetch() {
    const order = [];
    setTimeout(() => order.push('timeout 20'), 20);
    const cancelled = setTimeout(() => order.push('cancelled'), 5);
    setTimeout((a, b) => order.push(`timeout 0 with ${a}${b}`), 0, 'x', 'y');
    clearTimeout(cancelled);
    let ticks = 0;
    const interval = setInterval(() => {
      order.push(`tick ${++ticks}`);
      if (ticks === 3) clearInterval(interval);
    }, 6);
    queueMicrotask(() => order.push('microtask'));
    Promise.resolve().then(() => order.push('promise'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    setTimeout(() => {
      throw new Error('thrown in a timer');
    }, 1);
    await new Promise((resolve) => setTimeout(resolve, 2));
    return new Response(order.join('\n') + '\n');
  },
};
