// request.url is the serialized URL of what the host passed, whatever its spelling; lower-case methods are normalized.
export default {
  fetch(request) {
    const url = new URL(request.url);
    return new Response(`${request.method} ${request.url} ${url.pathname} ${url.searchParams.get('q')}\n`);
  },
};
