// The smallest module worker.
export default {
  async fetch(request, env, ctx) {
    return new Response(`hello from ${new URL(request.url).pathname}\n`);
  },
};
