// A module whose default export has no fetch method.
export default {
  hello() {
    return 'no fetch here';
  },
};
