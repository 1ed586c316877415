import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  language: string | undefined;
}

export interface TestSmtp {
  /** smtp:// URL of the server, for ERTAD_SMTP_URL. */
  url: string;
  /** Mails received and not yet taken by nextMail. */
  inbox: Mail[];
  /** The next email to `to` (or one already received and not yet taken). */
  nextMail(to: string, timeoutMs?: number): Promise<Mail>;
  close(): Promise<void>;
}

/** A real SMTP server on a free local port: Ertad sends through nodemailer, the test reads what arrived. */
export async function startSmtp(): Promise<TestSmtp> {
  const inbox: Mail[] = [];
  const waiting: { to: string; resolve: (mail: Mail) => void }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
          const mail: Mail = {
            to: to?.value[0]?.address ?? '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            language: parsed.headers.get('content-language')?.toString(),
          };
          const waiter = waiting.find((w) => w.to === mail.to);
          if (waiter) {
            waiting.splice(waiting.indexOf(waiter), 1);
            waiter.resolve(mail);
          } else inbox.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    inbox,
    nextMail(to, timeoutMs = 5000) {
      const index = inbox.findIndex((m) => m.to === to);
      if (index >= 0) return Promise.resolve(inbox.splice(index, 1)[0]!);
      return new Promise((resolve, reject) => {
        const waiter = {
          to,
          resolve: (mail: Mail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(waiter), 1);
          reject(new Error(`no email to ${to} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.push(waiter);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}

/** The first link of an email. */
export function linkIn(mail: Mail): URL {
  const match = /https?:\/\/\S+/.exec(mail.text);
  if (!match) throw new Error(`no link in: ${mail.text}`);
  return new URL(match[0]);
}
