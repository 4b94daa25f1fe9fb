// Each request starts from the state after load: what one request changes, the next does not see.
const loadedAt = 'load time';
let counter = 0;

export default {
  async fetch() {
    counter++;
    globalThis.leaked = (globalThis.leaked || 0) + 1;
    return new Response(`counter ${counter}, leaked ${globalThis.leaked}, ${loadedAt}\n`);
  },
};
