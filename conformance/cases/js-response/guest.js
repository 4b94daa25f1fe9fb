// Checks the Response forms a handler can answer with, chosen by the path: status and status
// text, headers with several set-cookie values, Response.json, Response.redirect, a typed-array
// body, URLSearchParams, a ReadableStream, and no body.
export default {
  fetch(request) {
    const path = new URL(request.url).pathname.replace(/^\/[^/]+/, '');
    switch (path) {
      case '/status': {
        const response = new Response('teapot', { status: 418, statusText: "I'm a teapot", headers: { 'x-kind': 'status' } });
        response.headers.append('set-cookie', 'a=1');
        response.headers.append('set-cookie', 'b=2');
        return response;
      }
      case '/json':
        return Response.json({ ok: true, list: [1, 2] }, { status: 201 });
      case '/redirect':
        return Response.redirect('https://example.test/elsewhere', 307);
      case '/bytes':
        return new Response(new Uint8Array([104, 105, 33]));
      case '/form':
        return new Response(new URLSearchParams({ q: 'a b', n: '1' }));
      case '/stream': {
        const stream = new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('chunk one, '));
            controller.enqueue(new TextEncoder().encode('chunk two'));
            controller.close();
          },
        });
        return new Response(stream);
      }
      case '/empty':
        return new Response(null, { status: 204 });
      default: {
        const response = new Response('plain');
        return new Response(`ok=${response.ok} status=${response.status} type=${response.type} ct=${response.headers.get('content-type')}`);
      }
    }
  },
};
