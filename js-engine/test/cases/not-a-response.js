// A handler that returns something other than a Response.
addEventListener('fetch', (event) => event.respondWith({ body: 'not a Response' }));
