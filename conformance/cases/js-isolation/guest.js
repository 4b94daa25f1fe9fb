// Requests do not see each other's state: a module-level counter and a global set in a request
// start from the deploy's state in every request.
let count = 0;
export default {
  fetch() {
    count += 1;
    globalThis.touched = (globalThis.touched ?? 0) + 1;
    return new Response(`${count} ${globalThis.touched}\n`);
  },
};
