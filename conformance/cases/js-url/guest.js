// Checks URL and URLSearchParams: parsing, relative resolution, dot segments, percent-encoding,
// punycode hosts, setters and search parameters.
export default {
  fetch(request) {
    const out = [];
    const url = new URL(request.url);
    out.push(`query x: ${url.searchParams.get('x')}`);
    const u = new URL('../c/./d?e=f g#h', 'https://user:pw@Example.COM:8443/a/b/');
    out.push(`href: ${u.href}`);
    out.push(`parts: ${u.protocol} ${u.username} ${u.host} ${u.port} ${u.pathname} ${u.search} ${u.hash}`);
    out.push(`punycode: ${new URL('https://bücher.example/').host}`);
    u.pathname = '/new path';
    u.searchParams.append('k', 'v&w');
    out.push(`changed: ${u.href}`);
    const p = new URLSearchParams('b=2&a=1&a=3');
    p.sort();
    out.push(`params: ${p.toString()} all a: ${p.getAll('a').join('|')}`);
    out.push(`canParse: ${URL.canParse('nope')} ${URL.canParse('/x', 'https://a.test')}`);
    return new Response(out.join('\n') + '\n');
  },
};
