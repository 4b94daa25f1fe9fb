// Checks TextEncoder, TextDecoder (fatal, BOM), atob and btoa, structuredClone and DOMException.
export default {
  fetch() {
    const out = [];
    const bytes = new TextEncoder().encode('héllo €');
    out.push(`encode: ${bytes.join(',')}`);
    out.push(`decode: ${new TextDecoder().decode(bytes)}`);
    out.push(`bom: ${JSON.stringify(new TextDecoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])))}`);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff]));
      out.push('fatal: no error');
    } catch (e) {
      out.push(`fatal: ${e.name}`);
    }
    out.push(`btoa: ${btoa('edge host')} atob: ${atob('ZWRnZSBob3N0')}`);
    const original = { date: new Date(0), map: new Map([['k', [1, 2]]]), set: new Set(['s']), bytes: new Uint8Array([9]) };
    original.self = original;
    const clone = structuredClone(original);
    out.push(`clone: ${clone.date.toISOString()} ${clone.map.get('k').join('+')} ${clone.set.has('s')} ${clone.bytes[0]} ${clone.self === clone} ${clone !== original}`);
    const error = new DOMException('gone', 'NotFoundError');
    out.push(`DOMException: ${error.name} ${error.message} ${error instanceof Error}`);
    return new Response(out.join('\n') + '\n');
  },
};
