// Bodies as ReadableStreams: passing one body on, reading with a reader, and a stream made by the script.
export default {
  async fetch(request) {
    const out = [];
    const upstream = new Response('upstream body', { status: 201, headers: { 'x-up': '1' } });
    const rewrapped = new Response(upstream.body, upstream);
    rewrapped.headers.set('x-added', '2');
    out.push(`rewrapped: ${rewrapped.status} ${rewrapped.headers.get('x-up')} ${await rewrapped.text()} used ${upstream.bodyUsed}`);
    out.push(`incoming GET body: ${request.body}`);
    const reader = new Response('chunked').body.getReader();
    const first = await reader.read();
    const second = await reader.read();
    out.push(`reader: ${new TextDecoder().decode(first.value)} ${first.done} ${second.done}`);
    const made = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('made '));
        controller.enqueue(new TextEncoder().encode('by script'));
        controller.close();
      },
    });
    out.push(`script stream: ${await new Response(made).text()}`);
    const parts = [];
    for await (const chunk of new Response('iterated').body) parts.push(new TextDecoder().decode(chunk));
    out.push(`async iteration: ${parts.join('|')}`);
    const forwarded = await fetch('https://echo.example/', new Request('https://x.example/', { method: 'POST', body: 'forwarded body' }));
    out.push(`forwarded: ${(await forwarded.json()).body}`);
    const open = new ReadableStream({ start() {} });
    const openResponse = new Response(open);
    out.push(`open stream: ${openResponse.body === open} used ${openResponse.bodyUsed}`);
    try {
      openResponse.clone();
    } catch (e) {
      out.push(`clone of an open stream: ${e.name}`);
    }
    return new Response(out.join('\n') + '\n');
  },
};
