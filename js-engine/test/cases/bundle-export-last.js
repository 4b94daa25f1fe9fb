// What esbuild's --format=esm bundles look like: declarations first, the export at the end.
var greeting = 'bundled';
function answer(request) {
  return new Response(`${greeting} ${request.method}`);
}
var src_default = {
  fetch(request) {
    return answer(request);
  },
};
export {
  src_default as default
};
