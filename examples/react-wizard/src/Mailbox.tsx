import { useEffect, useId, useState } from 'react';
import { readMailbox, type DemoMail } from './backend.js';
import type { Texts } from './texts.js';

/**
 * A demo affordance, not part of a real app: what SaaSus would e-mail (the temporary password,
 * the codes), read from the emulator every two seconds.
 */
export function Mailbox(props: { texts: Texts }) {
  const { texts } = props;
  const [mail, setMail] = useState<DemoMail[]>([]);
  const [round, setRound] = useState(0);
  const headingId = useId();
  useEffect(() => {
    let live = true;
    void readMailbox().then((messages) => live && setMail([...messages].reverse()));
    const timer = setTimeout(() => setRound((n) => n + 1), 2000);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [round]);
  return (
    <aside aria-labelledby={headingId}>
      <h2 id={headingId}>{texts.mailbox}</h2>
      <p>
        <small>{texts.mailboxNote}</small>
      </p>
      {mail.length === 0 ? (
        <p>{texts.noMail}</p>
      ) : (
        <ul>
          {mail.map((m) => (
            <li key={m.id} data-template={m.template} data-to={m.to}>
              {m.to} ({m.template}):{' '}
              {m.temporaryPassword !== undefined && (
                <span>
                  {texts.temporaryPassword} <code data-temporary-password="">{m.temporaryPassword}</code>
                </span>
              )}
              {m.code !== undefined && (
                <span>
                  {texts.mailCode} <code data-code="">{m.code}</code>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <button type="button" name="refresh-mailbox" onClick={() => setRound((n) => n + 1)}>
        {texts.refresh}
      </button>
    </aside>
  );
}
