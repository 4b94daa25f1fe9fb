// AbortController and AbortSignal: events, reasons, and a fetch refused because its signal is aborted.
export default {
  async fetch() {
    const out = [];
    const controller = new AbortController();
    controller.signal.addEventListener('abort', (e) => out.push(`listener: ${e.type}`), { once: true });
    controller.signal.onabort = () => out.push('onabort');
    out.push(`before: ${controller.signal.aborted}`);
    controller.abort();
    controller.abort();
    out.push(`after: ${controller.signal.aborted} ${controller.signal.reason.name}`);
    try {
      await fetch('https://api.example/', { signal: controller.signal });
    } catch (e) {
      out.push(`fetch: ${e.name}`);
    }
    const custom = AbortSignal.abort('my reason');
    try {
      custom.throwIfAborted();
    } catch (e) {
      out.push(`throwIfAborted: ${e}`);
    }
    const timed = AbortSignal.timeout(100);
    await new Promise((resolve) => setTimeout(resolve, 200));
    out.push(`timeout: ${timed.aborted} ${timed.reason.name}`);
    const target = new EventTarget();
    target.addEventListener('ping', (e) => out.push(`event target: ${e.type}`));
    target.dispatchEvent(new Event('ping'));
    return new Response(out.join('\n') + '\n');
  },
};
