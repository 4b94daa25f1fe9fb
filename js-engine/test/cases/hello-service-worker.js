// A service-worker script: the handler is registered with addEventListener.
addEventListener('fetch', (event) => {
  event.respondWith(handle(event.request));
});

async function handle(request) {
  return new Response(`${request.method} ${request.url}`, { status: 201, headers: { 'x-form': 'service-worker' } });
}
