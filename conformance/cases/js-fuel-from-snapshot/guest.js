// The top level does millions of fuel of work at deploy; a request is charged only from the
// snapshot on, so its fuel stays far below it.
const table = [];
for (let i = 0; i < 5000; i++) {
  table.push(`entry-${i}`.repeat(2));
}
export default {
  fetch() {
    return new Response(`${table.length} ${table[4999]}\n`);
  },
};
