import { button, h } from './dom.js';

interface MailboxMessage {
  id: string;
  template: string;
  to: string;
  code?: string;
  temporaryPassword?: string;
  sentAt: number;
}

const SUBJECTS: Record<string, string> = {
  signUp: 'Your temporary password',
  resendCode: 'Your new temporary password',
  updateUserAttribute: 'Confirm your new address',
};

/**
 * A demo affordance, not part of a real app: what SaaSus would have e-mailed because of this
 * browser's own requests (`GET /mailbox`; the back end shows no one else's mail).
 */
export async function renderMailbox(panel: HTMLElement): Promise<void> {
  let messages: MailboxMessage[] = [];
  try {
    const response = await fetch('/mailbox', { headers: { accept: 'application/json' } });
    if (response.ok) messages = ((await response.json()) as { messages: MailboxMessage[] }).messages;
  } catch {
    // The mailbox is a convenience; the wizard works without it.
  }
  const items = [...messages].reverse().map((m) =>
    h(
      'li',
      { 'data-template': m.template, 'data-to': m.to },
      h('strong', {}, SUBJECTS[m.template] ?? 'Message'),
      ` to ${m.to}, ${new Date(m.sentAt).toLocaleTimeString()}: `,
      m.temporaryPassword !== undefined ? h('code', { 'data-temporary-password': true }, m.temporaryPassword) : '',
      m.code !== undefined ? h('code', { 'data-code': true }, m.code) : '',
    ),
  );
  panel.replaceChildren(
    h('h2', {}, 'Demo mailbox'),
    h('p', {}, h('small', {}, 'What SaaSus would e-mail you, shown here because this demo sends no real mail.')),
    items.length > 0 ? h('ul', {}, ...items) : h('p', {}, 'No mail yet.'),
    button('Refresh', 'refresh-mailbox', () => void renderMailbox(panel)),
  );
}
