// The scheduled handler sees the cron expression and the minute the host ran it for.
export default {
  async fetch() {
    return new Response('fetch');
  },
  scheduled(controller) {
    console.log(`${controller.type} ${controller.cron} at ${new Date(controller.scheduledTime).toISOString()}`);
  },
};
