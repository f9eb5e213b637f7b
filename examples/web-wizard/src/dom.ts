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

/** A flow error as the machines keep it. */
export interface ShownError {
  code: string;
  message: string;
  attemptsLeft?: number;
}

/** The error paragraph, with the attempts left when the server said; `id` ties it to its field. */
export function errorLine(error: ShownError | undefined, id?: string): HTMLParagraphElement | undefined {
  if (!error) return undefined;
  const left = error.attemptsLeft === undefined ? '' : ` ${error.attemptsLeft} attempt${error.attemptsLeft === 1 ? '' : 's'} left.`;
  return h('p', { id, class: 'error', role: 'alert', 'data-error': error.code, 'data-attempts-left': error.attemptsLeft }, `${error.message}${left}`);
}

/**
 * A form with one labelled field and a submit button; calls `submit` with the trimmed value.
 * With an `error`, the field is marked `aria-invalid` and described by the error message.
 */
export function fieldForm(options: {
  name: string;
  label: string;
  type?: string;
  inputmode?: string;
  autocomplete?: string;
  button: string;
  value?: string;
  error?: ShownError | undefined;
  submit: (value: string) => void;
}): HTMLFormElement {
  const errorId = `${options.name}-error`;
  const input = h('input', {
    id: `${options.name}-field`,
    name: options.name,
    type: options.type ?? 'text',
    inputmode: options.inputmode,
    value: options.value ?? '',
    autocomplete: options.autocomplete ?? 'off',
    required: true,
    'aria-invalid': options.error ? 'true' : undefined,
    'aria-describedby': options.error ? errorId : undefined,
  });
  return h(
    'form',
    {
      onsubmit: (event) => {
        event.preventDefault();
        options.submit(input.value.trim());
      },
    },
    h('label', { for: input.id }, options.label),
    input,
    errorLine(options.error, errorId),
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

/** A span of time a person reads at a glance: "42 s", "90 s", "5 min", "2 hours 5 min", "24 hours", "7 days". */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (hours < 48) return minutes % 60 === 0 ? unit(hours, 'hour') : `${unit(hours, 'hour')} ${minutes % 60} min`;
  return unit(Math.round(hours / 24), 'day');
}

const timers = new Set<ReturnType<typeof setInterval>>();

/** Stops every live countdown (the view is about to be drawn again). */
export function stopCountdowns(): void {
  for (const timer of timers) clearInterval(timer);
  timers.clear();
}

/**
 * Text that counts down to `until` once a second ("Resend in 42 s"), then calls `done` once.
 * Not a live region: a screen reader reads it when asked, not every second.
 */
export function countdown(until: number, text: (left: string) => string, done: () => void): HTMLSpanElement {
  const span = h('span', { 'data-countdown': true, 'aria-live': 'off' }, text(duration(until - Date.now())));
  const timer = setInterval(() => {
    const left = until - Date.now();
    if (left <= 0) {
      clearInterval(timer);
      timers.delete(timer);
      done();
      return;
    }
    span.textContent = text(duration(left));
  }, 1000);
  timers.add(timer);
  return span;
}
