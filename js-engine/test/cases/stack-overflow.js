// Runaway recursion is a catchable InternalError, not a trap; an uncaught error's logged stack is cut short.
function down(n) {
  return n === 0 ? 0 : 1 + down(n - 1);
}

function fail(n) {
  if (n === 0) throw new Error('thrown 100 calls deep');
  return fail(n - 1) + 1;
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
    if (new URL(request.url).pathname === '/uncaught') fail(100);
    return new Response(`depth 1000: ${down(1000)}\ncaught: ${caught}\n`);
  },
};
