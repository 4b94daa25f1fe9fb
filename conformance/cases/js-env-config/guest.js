// Checks env: configuration values as strings, "in", absent keys, and env.KV as a binding.
export default {
  fetch(request, env) {
    const out = [];
    out.push(`greeting: ${env.greeting}`);
    out.push(`empty: ${JSON.stringify(env.empty)}`);
    out.push(`missing: ${env.missing}`);
    out.push(`in: ${'greeting' in env} ${'missing' in env}`);
    out.push(`kv binding: ${typeof env.KV.get}`);
    return new Response(out.join('\n') + '\n');
  },
};
