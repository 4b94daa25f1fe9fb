// Headers: case-insensitive names, ordering, set-cookie kept apart.
export default {
  async fetch() {
    const out = [];
    const h = new Headers({ 'Content-Type': 'text/plain', 'X-B': ' spaced ' });
    h.append('x-a', '1');
    h.append('X-A', '2');
    h.append('Set-Cookie', 'a=1; Path=/');
    h.append('set-cookie', 'b=2');
    out.push(`get x-a: ${h.get('X-a')}`);
    out.push(`get x-b: [${h.get('x-b')}]`);
    out.push(`get missing: ${h.get('nope')}`);
    out.push(`has: ${h.has('CONTENT-TYPE')} ${h.has('nope')}`);
    out.push(`set-cookie joined: ${h.get('set-cookie')}`);
    out.push(`getSetCookie: ${JSON.stringify(h.getSetCookie())}`);
    out.push(`entries: ${JSON.stringify([...h])}`);
    out.push(`keys: ${JSON.stringify([...h.keys()])}`);
    out.push(`values: ${JSON.stringify([...h.values()])}`);
    h.set('x-a', '3');
    h.delete('content-type');
    const seen = [];
    h.forEach((value, name) => seen.push(`${name}=${value}`));
    out.push(`forEach: ${seen.join(' ')}`);
    out.push(`from pairs: ${JSON.stringify([...new Headers([['b', '2'], ['a', '1']])])}`);
    out.push(`copy: ${JSON.stringify([...new Headers(h).entries()].length)}`);
    for (const bad of [() => h.set('bad name', 'x'), () => h.append('x', 'a\nb')]) {
      try {
        bad();
      } catch (e) {
        out.push(`refused: ${e.name}: ${e.message}`);
      }
    }
    const response = new Response(out.join('\n') + '\n', { headers: h });
    response.headers.append('Set-Cookie', 'c=3');
    return response;
  },
};
