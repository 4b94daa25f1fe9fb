// ${name}: an edge function in JavaScript, made by `edge-host new javascript ${name}`.
// Its API is the Workers subset of edge-host's docs/javascript.md: Request, Response, Headers,
// URL, fetch, env (configuration entries and env.KV), crypto and console.
export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    console.log("${name}: " + request.method + " " + path);
    const greeting = (env.greeting ?? "Hello") + " from ${name}";
    return Response.json({ greeting: greeting, path: path });
  },
};
