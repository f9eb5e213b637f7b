import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { FlowViewError } from 'saasus-flows/react';
import type { Texts } from './texts.js';

/**
 * A step: its heading takes the focus whenever `screen` changes (a new step, or a new screen
 * of the same step), so keyboard and screen-reader users land on what changed.
 */
export function Step(props: { flow: string; screen: string; title: string; busy: boolean; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  useEffect(() => {
    heading.current?.focus();
  }, [props.screen]);
  return (
    <section data-flow={props.flow} data-screen={props.screen} aria-labelledby={headingId} aria-busy={props.busy}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}

/** The failure of a step, announced; `id` is what the invalid field points to. */
export function ErrorMessage(props: { id: string; error: FlowViewError | undefined; texts: Texts }) {
  const { error } = props;
  if (!error) return null;
  // A wrong code's message already says the attempts left; others get them appended when known.
  const left = error.attemptsLeft !== undefined && error.code !== 'code_mismatch' ? ` ${props.texts.attemptsLeft(error.attemptsLeft)}` : '';
  return (
    <p id={props.id} role="alert" data-error={error.code} data-attempts-left={error.attemptsLeft}>
      {error.message}
      {left}
    </p>
  );
}

/**
 * A one-field form: a labelled input that is `aria-invalid` and described by the error while
 * one is shown, and a submit button disabled while the flow is busy.
 */
export function FieldForm(props: {
  name: string;
  label: string;
  type?: 'email' | 'text';
  autoComplete: string;
  inputMode?: 'numeric';
  button: string;
  initial?: string;
  busy: boolean;
  error: FlowViewError | undefined;
  texts: Texts;
  onSubmit: (value: string) => void;
}) {
  const [value, setValue] = useState(props.initial ?? '');
  const inputId = useId();
  const errorId = useId();
  const invalid = props.error !== undefined;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!props.busy) props.onSubmit(value.trim());
      }}
    >
      <ErrorMessage id={errorId} error={props.error} texts={props.texts} />
      <label htmlFor={inputId}>{props.label}</label>{' '}
      <input
        id={inputId}
        name={props.name}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        aria-invalid={invalid}
        aria-describedby={invalid ? errorId : undefined}
        readOnly={props.busy}
      />{' '}
      <button type="submit" name="submit" disabled={props.busy}>
        {props.button}
      </button>
    </form>
  );
}

/** "You can ask for a new one in 42 s" and the resend button, enabled when the wait is over. */
export function Resend(props: { resendIn: number | undefined; busy: boolean; texts: Texts; onResend: () => void }) {
  const waiting = props.resendIn !== undefined && props.resendIn > 0;
  return (
    <p>
      <span data-countdown="resend" data-seconds={props.resendIn}>
        {waiting ? props.texts.resendIn(props.resendIn ?? 0) : props.texts.resendNow}
      </span>{' '}
      <button type="button" name="resend" disabled={props.busy || waiting} onClick={props.onResend}>
        {props.texts.resend}
      </button>
    </p>
  );
}

/** A button sending one event, disabled while the flow is busy. */
export function Action(props: { name: string; busy: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <button type="button" name={props.name} disabled={props.busy} onClick={props.onClick}>
      {props.children}
    </button>
  );
}

/** The "working…" line while a request is in flight. */
export function Busy(props: { busy: boolean; texts: Texts }) {
  return (
    <p role="status" data-busy={props.busy || undefined}>
      {props.busy ? props.texts.working : ''}
    </p>
  );
}
