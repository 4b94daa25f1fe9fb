// A syntax error on line 4 refuses the load with its line.
addEventListener('fetch', (event) => {
  const x = 1;
  event.respondWith(new Response(x +));
});
