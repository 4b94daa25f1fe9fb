// A handler that throws fails the request with 500 script_error, naming the error and line but
// not the stack; whatever it set on a response is discarded.
function parse(text) {
  return JSON.parse(text);
}
export default {
  fetch() {
    return new Response(parse('{broken'));
  },
};
