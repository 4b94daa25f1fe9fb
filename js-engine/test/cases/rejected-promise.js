// A handler whose promise rejects, once with an Error and once with a plain value.
export default {
  async fetch(request) {
    await Promise.resolve();
    if (new URL(request.url).pathname === '/value') throw { code: 42 };
    throw new RangeError('out of range in async handler');
  },
};
