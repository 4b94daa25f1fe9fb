// Checks Headers: case-insensitive names, append and set, delete, iteration sorted by name, and
// set-cookie values kept apart (getSetCookie).
export default {
  fetch() {
    const h = new Headers({ 'X-B': '2', 'x-a': '1' });
    h.append('X-A', 'again');
    h.set('x-c', '3');
    h.delete('X-B');
    h.append('Set-Cookie', 'one=1');
    h.append('set-cookie', 'two=2');
    const out = [];
    for (const [name, value] of h) out.push(`${name}: ${value}`);
    out.push(`get x-a: ${h.get('X-a')}`);
    out.push(`has x-b: ${h.has('x-b')}`);
    out.push(`set-cookie: ${JSON.stringify(h.getSetCookie())}`);
    out.push(`keys: ${[...h.keys()].join(',')}`);
    return new Response(out.join('\n') + '\n');
  },
};
