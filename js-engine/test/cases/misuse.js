// Calling the exports out of order: a second edge_js_load, and handle before any load.
export default {
  async fetch(request, env, ctx) {
    return new Response(`hello from ${new URL(request.url).pathname}\n`);
  },
};
