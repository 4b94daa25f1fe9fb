// A module without a fetch handler: the deploy is refused with missing_export.
export default {
  scheduled() {},
};
