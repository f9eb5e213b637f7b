import { button, h } from './dom.js';

interface OutboxMessage {
  id: string;
  template: string;
  to: string;
  code?: string;
  temporaryPassword?: string;
  sentAt: number;
}

/**
 * A demo affordance, not part of a real app: the emulator's outbox (`GET /_emulator/outbox`),
 * so the temporary password and codes a real SaaSus would e-mail can be read on the page.
 */
export async function renderMailbox(panel: HTMLElement, addresses: readonly string[]): Promise<void> {
  const wanted = new Set(addresses.filter(Boolean).map((a) => a.toLowerCase()));
  let messages: OutboxMessage[] = [];
  try {
    const response = await fetch('/_emulator/outbox', { headers: { accept: 'application/json' } });
    if (response.ok) messages = ((await response.json()) as { messages: OutboxMessage[] }).messages;
  } catch {
    // The mailbox is a convenience; the wizard works without it.
  }
  const mine = messages.filter((m) => wanted.has(m.to.toLowerCase())).reverse();
  const items = mine.map((m) =>
    h(
      'li',
      { 'data-template': m.template, 'data-to': m.to },
      `${new Date(m.sentAt).toLocaleTimeString()} to ${m.to} (${m.template}): `,
      m.temporaryPassword !== undefined ? h('span', {}, 'temporary password ', h('code', { 'data-temporary-password': true }, m.temporaryPassword)) : '',
      m.code !== undefined ? h('span', {}, 'code ', h('code', { 'data-code': true }, m.code)) : '',
    ),
  );
  panel.replaceChildren(
    h('h2', {}, 'Demo mailbox'),
    h('p', {}, h('small', {}, 'What SaaSus would e-mail, read from the emulator. A demo affordance only.')),
    items.length > 0 ? h('ul', {}, ...items) : h('p', {}, 'No mail yet.'),
    button('Refresh', 'refresh-mailbox', () => void renderMailbox(panel, addresses)),
  );
}
