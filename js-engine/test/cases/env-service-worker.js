// In a service-worker script the bindings are globals: env and KV.
addEventListener('fetch', (event) => {
  event.respondWith((async () => {
    await KV.put('k', 'stored');
    return new Response(`${env.GREETING} / ${await KV.get('k')}`);
  })());
});
