// URL parsing, relative resolution, setters and URLSearchParams.
export default {
  async fetch() {
    const out = [];
    const parts = (u) => [u.href, u.protocol, u.username, u.password, u.host, u.hostname, u.port, u.pathname, u.search, u.hash, u.origin];
    for (const [input, base] of [
      ['https://user:pa%20ss@Example.COM:8443/a/b/../c/./d?x=1&y=2#frag', undefined],
      ['HTTP://example.com:80', undefined],
      ['https://example.com/a b/ü?q=a b&r=ü#h h', undefined],
      ['../up?z', 'https://example.com/a/b/c'],
      ['/root', 'https://example.com/a/b?q#f'],
      ['?only', 'https://example.com/a/b?q#f'],
      ['#only', 'https://example.com/a/b?q#f'],
      ['//other.example/x', 'https://example.com/a'],
      ['', 'https://example.com/a?q#f'],
      ['http://[::1]:8080/p', undefined],
      ['https://bücher.example/', undefined],
      ['mailto:someone@example.com?subject=hi', undefined],
      ['https://example.com\\back\\slash', undefined],
      ['https://example.com/%2e%2E/x/%2e/', undefined],
      ['http://example.com:0065535/', undefined],
    ]) {
      out.push(JSON.stringify(parts(new URL(input, base))));
    }
    for (const [input, base] of [['not a url'], ['/relative'], ['https://exa mple.com/'], ['https://example.com:99999/'], ['https://'], ['x', 'mailto:a@b']]) {
      try {
        new URL(input, base);
        out.push(`accepted: ${input}`);
      } catch (e) {
        out.push(`refused: ${e.name}: ${input}`);
      }
    }
    out.push(`canParse: ${URL.canParse('https://a.example')} ${URL.canParse('nope')} ${URL.canParse('/x', 'https://a.example')}`);

    const u = new URL('https://example.com/path?a=1&b=2&a=3');
    out.push(`get a: ${u.searchParams.get('a')}; getAll a: ${JSON.stringify(u.searchParams.getAll('a'))}; size ${u.searchParams.size}`);
    u.searchParams.append('c', 'x y&z');
    u.searchParams.delete('b');
    out.push(`after params change: ${u.href}`);
    u.search = '?q=new';
    out.push(`after search set: ${u.href} -> ${u.searchParams.get('q')}`);
    u.pathname = '/other/../p q';
    u.hash = 'top';
    u.port = '8080';
    u.hostname = 'Sub.Example.com';
    out.push(`after setters: ${u.href}`);
    u.port = '443';
    u.protocol = 'http';
    out.push(`after protocol: ${u.href}`);
    u.href = 'https://fresh.example/?k=v';
    out.push(`after href: ${u.href} ${u.searchParams.get('k')}`);
    out.push(`toString/JSON: ${String(u)} ${JSON.stringify({ u })}`);

    const p = new URLSearchParams('?x=1&y=%20two+words&z=%E2%82%AC&bad=%zz&=empty&novalue');
    out.push(`params: ${JSON.stringify([...p])}`);
    p.set('x', 'one');
    p.sort();
    out.push(`sorted: ${p.toString()}`);
    out.push(`from object: ${new URLSearchParams({ a: '1', b: 'ü ~*' })}`);
    out.push(`from pairs: ${new URLSearchParams([['k', 'v'], ['k', 'w']])}`);
    out.push(`has: ${p.has('y')} ${p.has('y', 'nope')} keys ${JSON.stringify([...p.keys()])}`);
    return new Response(out.join('\n') + '\n');
  },
};
