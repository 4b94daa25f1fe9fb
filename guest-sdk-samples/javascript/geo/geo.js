// Personalises an HTML page fetched from `env.origin` by the visitor's country, from
// `request.cf.country` (an ISO 3166 code the host's client locator found for the client's
// address; a client cannot set it with a header): a greeting, the currency and a country-specific
// offer replace {{greeting}}, {{currency}} and {{offer}} in the page, or are added after <body>
// when the page has no placeholders.
const COUNTRIES = {
  DE: { greeting: 'Hallo', currency: 'EUR', offer: 'Kostenloser Versand ab 50 €' },
  FR: { greeting: 'Bonjour', currency: 'EUR', offer: 'Livraison gratuite dès 50 €' },
  JP: { greeting: 'こんにちは', currency: 'JPY', offer: '5,000円以上で送料無料' },
  US: { greeting: 'Hello', currency: 'USD', offer: 'Free shipping over $50' },
};
const FALLBACK = { greeting: 'Hello', currency: 'USD', offer: 'Worldwide shipping' };

const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export default {
  async fetch(request, env) {
    const country = request.cf.country ?? '';
    const local = COUNTRIES[country] ?? FALLBACK;
    // The function is served below /NAME: the page's path is what follows it.
    const path = new URL(request.url).pathname.replace(/^\/[^/]+/, '');
    const upstream = await fetch(env.origin + path);
    let html = await upstream.text();
    if (html.includes('{{')) {
      html = html.replace(/\{\{(greeting|currency|offer)\}\}/g, (_, name) => escapeHtml(local[name]));
    } else {
      const banner = `<p class="geo">${escapeHtml(local.greeting)}! ${escapeHtml(local.offer)} (${local.currency})</p>`;
      html = html.includes('<body>') ? html.replace('<body>', `<body>${banner}`) : banner + '\n' + html;
    }
    return new Response(html, {
      status: upstream.status,
      // The page depends on where the client is, which no request header says: only the client may cache it.
      headers: { 'content-type': 'text/html; charset=utf-8', 'content-language': country || 'und', 'cache-control': 'private' },
    });
  },
};
