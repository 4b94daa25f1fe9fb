// An exception while the top level runs refuses the load.
export default { fetch: () => new Response('never') };
const config = JSON.parse('{not json');
