// The top level throws: the deploy is refused with invalid_script, naming the error and line.
const ready = false;
if (!ready) {
  throw new Error('configuration missing');
}
export default { fetch: () => new Response('never') };
