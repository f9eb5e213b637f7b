const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const lenientDecoder = new TextDecoder('utf-8');

/**
 * Reads at most `limit` bytes of a request's or a response's body as UTF-8 text, or `undefined`
 * when it is larger (the rest is never read: the stream is cancelled). The one bounded body
 * reader of the project: the client reads SaaSus's answers with it, the proxy its requests.
 * With `fatal`, bytes that are not UTF-8 throw a `TypeError`; otherwise they become U+FFFD.
 */
export async function readBoundedText(message: Request | Response, limit: number, fatal = true): Promise<string | undefined> {
  const declared = Number(message.headers.get('content-length') ?? '0');
  if (declared > limit) {
    await message.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!message.body) return '';
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return (fatal ? strictDecoder : lenientDecoder).decode(all);
}
