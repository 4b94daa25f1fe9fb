// A handler that never ends is stopped at the request's fuel: 503 fuel_exhausted.
export default {
  fetch() {
    let n = 0;
    for (;;) {
      n += 1;
    }
  },
};
