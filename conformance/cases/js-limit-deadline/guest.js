// A handler that never ends, with fuel to spare, is stopped at the deadline: 504 timeout.
export default {
  fetch() {
    let n = 0;
    for (;;) {
      n += 1;
    }
  },
};
