// A module whose only error is one that only modules have: a legacy octal literal (strict mode), line 3.
const permissions = {
  mode: 0755,
};
export default { fetch: () => new Response(String(permissions.mode)) };
