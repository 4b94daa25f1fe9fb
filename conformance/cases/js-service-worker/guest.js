// The service-worker form: addEventListener('fetch'), a FetchEvent with request, respondWith and
// waitUntil, and env and KV as globals.
addEventListener('fetch', (event) => {
  event.waitUntil(KV.put('seen', event.request.method));
  event.respondWith(
    (async () => new Response(`${event.type} ${event.request.method} ${env.mode} ${typeof event.waitUntil}\n`))(),
  );
});
