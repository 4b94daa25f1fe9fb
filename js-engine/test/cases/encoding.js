// TextEncoder, TextDecoder, atob, btoa, structuredClone.
export default {
  async fetch() {
    const out = [];
    const show = (name, value) => out.push(`${name}: ${JSON.stringify(value)}`);
    const encoder = new TextEncoder();
    show('encode', Array.from(encoder.encode('aé€😀')));
    show('lone surrogate', Array.from(encoder.encode('a\uD800b')));
    const target = new Uint8Array(5);
    show('encodeInto', [encoder.encodeInto('a€😀', target), Array.from(target)]);
    const decoder = new TextDecoder();
    show('decode', decoder.decode(new Uint8Array([0x61, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80])));
    show('invalid', decoder.decode(new Uint8Array([0x61, 0xFF, 0x62, 0xE2, 0x82, 0x63, 0xED, 0xA0, 0x80, 0xC0, 0xAF])));
    show('bom', [decoder.decode(new Uint8Array([0xEF, 0xBB, 0xBF, 0x68, 0x69])),
      new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array([0xEF, 0xBB, 0xBF, 0x68])).length]);
    const streaming = new TextDecoder();
    show('stream', [streaming.decode(new Uint8Array([0xE2, 0x82]), { stream: true }), streaming.decode(new Uint8Array([0xAC, 0x21]))]);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xFF]));
    } catch (e) {
      show('fatal', `${e.name}: ${e.message}`);
    }
    try {
      new TextDecoder('latin1');
    } catch (e) {
      show('label', e.name);
    }
    show('decode ArrayBuffer and DataView', [decoder.decode(new Uint8Array([104, 105]).buffer), decoder.decode(new DataView(new Uint8Array([111, 107]).buffer))]);
    show('btoa', [btoa(''), btoa('f'), btoa('fo'), btoa('foo'), btoa('\xff\xfe')]);
    show('atob', [atob('Zm9v'), atob('Zm8='), atob('Zm8'), atob(' Zg = = '), atob('//4=').charCodeAt(0)]);
    for (const bad of [() => btoa('€'), () => atob('Zm9v!'), () => atob('a')]) {
      try {
        bad();
      } catch (e) {
        show('refused', `${e.name} ${e instanceof DOMException} ${e.code}`);
      }
    }
    const original = { date: new Date(0), map: new Map([[1, { deep: [1, 2] }]]), set: new Set(['a']), bytes: new Uint8Array([1, 2]), re: /x/gi, nested: { n: null, u: undefined } };
    original.self = original;
    const copy = structuredClone(original);
    show('clone', [copy !== original, copy.self === copy, copy.date instanceof Date, copy.date.getTime(), copy.map.get(1).deep, copy.map.get(1) !== original.map.get(1),
      [...copy.set], Array.from(copy.bytes), copy.bytes.buffer !== original.bytes.buffer, String(copy.re), 'u' in copy.nested]);
    try {
      structuredClone({ f() {} });
    } catch (e) {
      show('clone function', `${e.name}`);
    }
    return new Response(out.join('\n') + '\n');
  },
};
