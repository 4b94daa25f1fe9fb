// A syntax error on line 4: the deploy is refused with invalid_script naming the line.
export default {
  fetch() {
    return new Response(;
  },
};
