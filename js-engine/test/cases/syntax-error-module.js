// A module (the export is at the end) with a syntax error on line 5.
function handler() {
  return new Response('never');
}
const broken = {;
export default { fetch: handler };
