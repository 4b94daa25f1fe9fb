// Checks fetch: a POST with headers and a body to an allowed origin, the Response it resolves to
// (status, headers, body, url), and a refused fetch, which rejects with a TypeError.
export default {
  async fetch(request, env) {
    const out = [];
    const response = await fetch(`${env.origin}/echo?x=1`, {
      method: 'POST',
      headers: { 'x-sent': 'yes', 'content-type': 'text/plain' },
      body: 'payload',
    });
    out.push(`status: ${response.status} ${response.ok}`);
    out.push(`url: ${response.url === `${env.origin}/echo?x=1`}`);
    // The echo origin answers the request line, the header lines sorted, an empty line, the body.
    const [head, body] = (await response.text()).split('\n\n');
    const lines = head.split('\n');
    out.push(`request line: ${lines[0]}`);
    out.push(`headers sent: ${lines.includes('x-sent: yes')} ${lines.includes('content-type: text/plain')}`);
    out.push(`request id forwarded: ${lines.some((line) => line.startsWith('x-request-id: '))}`);
    out.push(`body: ${body}`);
    const canned = await fetch(`${env.api}/data`);
    out.push(`canned: ${canned.status} ${canned.headers.get('x-origin')} ${JSON.stringify(await canned.json())}`);
    try {
      await fetch('http://not-allowed.invalid/');
      out.push('refused: no error');
    } catch (e) {
      out.push(`refused: ${e.name}`);
    }
    return new Response(out.join('\n') + '\n');
  },
};
