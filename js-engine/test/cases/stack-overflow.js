// Runaway recursion is a catchable InternalError, not a trap; uncaught, its logged stack is cut short.
function down(n) {
  return n === 0 ? 0 : 1 + down(n - 1);
}

export default {
  fetch(request) {
    const caught = (() => {
      try {
        return down(1e6);
      } catch (e) {
        return `${e.name}: ${e.message}`;
      }
    })();
    if (new URL(request.url).pathname === '/uncaught') down(1e6);
    return new Response(`depth 1000: ${down(1000)}\ncaught: ${caught}\n`);
  },
};
