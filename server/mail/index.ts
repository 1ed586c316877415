import nodemailer from 'nodemailer';
import type { Language } from '../../common/roles';
import type { Config } from '../config';
import { MAIL_TEXTS } from './texts';

/** Who an email goes to, in their own language. */
export interface Recipient {
  email: string;
  displayName: string;
  language: Language;
}

export type AccountEmail = 'invitation' | 'reset';

/**
 * Sends the account emails (invitation, password reset) through the SMTP server of
 * ERTAD_SMTP_URL. The link is built from ERTAD_PUBLIC_URL, never from the request's Host header,
 * so a forged header cannot send a user a link to somewhere else.
 */
export interface Mailer {
  sendAccountEmail(kind: AccountEmail, to: Recipient, setPasswordPath: string, expiresAt: Date): Promise<void>;
}

export function mailerFor(config: Config): Mailer | undefined {
  const smtp = config.smtp;
  if (!smtp) return undefined;
  const transport = nodemailer.createTransport(smtp.url);
  return {
    async sendAccountEmail(kind, to, setPasswordPath, expiresAt) {
      const lang = to.language;
      const params = {
        name: to.displayName,
        link: `${smtp.publicUrl}${setPasswordPath}`,
        expires: expiresAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      };
      const text = MAIL_TEXTS[lang][kind];
      const fill = (template: string) => template.replace(/\{\{(\w+)\}\}/g, (_, key: keyof typeof params) => params[key] ?? '');
      await transport.sendMail({
        from: smtp.from,
        to: { name: to.displayName, address: to.email },
        subject: text.subject,
        text: fill(text.body),
        headers: { 'Content-Language': lang },
      });
    },
  };
}
