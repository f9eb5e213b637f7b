/** Attributes of {@link h}: `on*` functions become listeners, the rest attributes. */
export type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** Creates an element; `false`/`undefined` attributes are left out, strings become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Node | string | false | undefined>): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== undefined && value !== false) element.setAttribute(name, String(value));
  }
  for (const child of children) if (child !== false && child !== undefined) element.append(child);
  return element;
}

/** A form with one text field and a submit button; calls `submit` with the trimmed value. */
export function fieldForm(options: { name: string; label: string; type?: string; button: string; value?: string; submit: (value: string) => void }): HTMLFormElement {
  const input = h('input', { name: options.name, type: options.type ?? 'text', value: options.value ?? '', autocomplete: 'off', required: true });
  return h(
    'form',
    {
      onsubmit: (event) => {
        event.preventDefault();
        options.submit(input.value.trim());
      },
    },
    h('label', {}, options.label, input),
    h('button', { type: 'submit', name: 'submit' }, options.button),
  );
}

/** A button that sends one event. */
export function button(label: string, name: string, onClick: () => void, disabled = false): HTMLButtonElement {
  return h('button', { type: 'button', name, disabled, onclick: onClick }, label);
}

/** The "working…" line shown while a request is in flight. */
export function busy(text: string): HTMLParagraphElement {
  return h('p', { class: 'busy', role: 'status', 'data-busy': true }, text);
}

/** A flow error as the machines keep it, with the attempts left when the server said. */
export function errorLine(error: { code: string; message: string; attemptsLeft?: number } | undefined): HTMLParagraphElement | undefined {
  if (!error) return undefined;
  const left = error.attemptsLeft === undefined ? '' : ` ${error.attemptsLeft} attempt${error.attemptsLeft === 1 ? '' : 's'} left.`;
  return h('p', { class: 'error', role: 'alert', 'data-error': error.code, 'data-attempts-left': error.attemptsLeft }, `${error.message}${left}`);
}
