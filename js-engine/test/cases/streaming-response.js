// Streamed responses: a body that is an open ReadableStream, or a fetched body not known to be short, is sent
// as it comes (resp_flush, then resp_write per chunk); the headers are locked from then on, and an error of the
// stream ends the response early.
export default {
  async fetch(request, env, ctx) {
    const path = new URL(request.url).pathname;
    const text = (s) => new TextEncoder().encode(s);
    if (path === '/pull') {
      let n = 0;
      const stream = new ReadableStream({
        async pull(controller) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          n++;
          if (n <= 3) controller.enqueue(text(`chunk ${n}\n`));
          else controller.close();
        },
      });
      return new Response(stream, { headers: { 'x-kind': 'pull' } });
    }
    if (path === '/start') {
      const stream = new ReadableStream({
        async start(controller) {
          controller.enqueue('before the fetch\n');
          const answer = await fetch('https://origin.example/small');
          controller.enqueue(`fetched ${answer.status}: ${await answer.text()}\n`);
          controller.close();
        },
      });
      return new Response(stream);
    }
    if (path === '/proxy') return fetch('https://origin.example/large');
    if (path === '/rewrap') {
      const upstream = await fetch('https://origin.example/large');
      return new Response(upstream.body, { status: 203, headers: { 'x-proxied': '1' } });
    }
    if (path === '/small') return fetch('https://origin.example/small');
    if (path === '/locked') {
      const response = new Response(new ReadableStream({
        start(controller) {
          setTimeout(() => {
            try {
              response.headers.set('x-late', '1');
            } catch (e) {
              controller.enqueue(`${e.name}: ${e.message}\n`);
            }
            controller.close();
          }, 5);
        },
      }));
      return response;
    }
    if (path === '/error') {
      return new Response(new ReadableStream({
        start(controller) {
          controller.enqueue('partial\n');
          setTimeout(() => controller.error(new Error('the source failed')), 5);
        },
      }));
    }
    if (path === '/never') return new Response(new ReadableStream({ start(controller) { controller.enqueue('one\n'); } }));
    if (path === '/transform') {
      const { readable, writable } = new TransformStream({
        transform(chunk, controller) {
          controller.enqueue(new TextDecoder().decode(chunk).toUpperCase());
        },
      });
      const writer = writable.getWriter();
      ctx.waitUntil((async () => {
        for (const word of ['one ', 'two ', 'three']) {
          await writer.write(text(word));
        }
        await writer.close();
      })());
      return new Response(readable);
    }
    if (path === '/upload') return new Response(request.body, { headers: { 'x-echo': '1' } });
    return new Response('unknown path', { status: 404 });
  },
};
