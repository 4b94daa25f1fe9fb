// console methods map to log levels; values are formatted like node's.
export default {
  async fetch() {
    console.debug('debug line');
    console.log('log line', 1, true, null, undefined, 10n, Symbol('s'));
    console.info({ a: 1, 'b-c': 'two', nested: { list: [1, [2, [3, [4, [5]]]]] } });
    console.warn('warn %s is %d years and %i, %o %j %%', 'edge', 41.5, 41.9, { x: 1 }, { y: [2] }, 'extra');
    console.error(new TypeError('bad thing'));
    console.log(new Map([['k', 1]]), new Set([1]), new Uint8Array([1, 2]), [1, 'a'], new Date(0), /re/g, () => 1, class Foo {});
    const cyclic = { name: 'loop' };
    cyclic.self = cyclic;
    console.log(cyclic, new Headers({ a: 'b' }), new URL('https://a.example/p'));
    console.assert(1 === 1, 'not logged');
    console.assert(false, 'assertion %s', 'message');
    console.count();
    console.count();
    console.count('other');
    return new Response('ok');
  },
};
