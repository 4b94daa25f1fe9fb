// Checks that an error of a streamed response's ReadableStream, after its first chunk was sent, ends the
// response early (SPEC 5.6): the client gets the status and that chunk, then a cut connection, never an
// error response or a clean end of the body.
export default {
  async fetch(request, env) {
    return new Response(new ReadableStream({
      async start(controller) {
        controller.enqueue('partial\n');
        await fetch(`${env.slow}/slow`);
        controller.error(new Error('the source failed'));
      },
    }));
  },
};
