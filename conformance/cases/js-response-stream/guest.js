// Checks streamed responses: a body that is an open ReadableStream is sent as its chunks come (the head
// first, with no content-length), here after an awaited fetch of a slow origin; the response's headers
// are immutable once it streams; a TransformStream's readable side is a body too; and a fetched body
// not declared to be at most 64 KiB is passed on as it arrives.
export default {
  async fetch(request, env, ctx) {
    const path = new URL(request.url).pathname.replace(/^\/[^/]+/, '');
    if (path === '/after-fetch') {
      const response = new Response(new ReadableStream({
        async start(controller) {
          controller.enqueue('first\n');
          const slow = await fetch(`${env.slow}/slow`);
          controller.enqueue(`fetched: ${slow.status} ${await slow.text()}\n`);
          try {
            response.headers.set('x-late', '1');
          } catch (e) {
            controller.enqueue(`late header: ${e.name}\n`);
          }
          controller.close();
        },
      }), { headers: { 'x-streamed': 'yes' } });
      return response;
    }
    if (path === '/transform') {
      const { readable, writable } = new TransformStream({
        transform(chunk, controller) {
          controller.enqueue(new TextDecoder().decode(chunk).toUpperCase());
        },
      });
      ctx.waitUntil((async () => {
        const writer = writable.getWriter();
        for (const word of ['one ', 'two ', 'three\n']) await writer.write(new TextEncoder().encode(word));
        await writer.close();
      })());
      return new Response(readable);
    }
    if (path === '/proxy') {
      return fetch(`${env.echo}/echo`, { method: 'POST', body: request.body });
    }
    return new Response('unknown path', { status: 404 });
  },
};
