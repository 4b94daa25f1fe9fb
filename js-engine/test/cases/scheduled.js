// A module with both a fetch and a scheduled handler.
export default {
  fetch() {
    return new Response('fetch');
  },
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(env.KV.put('last-run', String(controller.scheduledTime)));
    console.log(`scheduled at ${controller.scheduledTime}, kv ok: ${(await env.KV.get('last-run')) === String(controller.scheduledTime)}`);
  },
};
