import type { Language } from '../../common/roles';
import type { AccountEmail } from './index';

// Email texts live on the server only: the web app's Georgian catalogue downloads at first visit
// and should not carry them. `{{name}}`, `{{link}}` and `{{expires}}` are filled in.
export const MAIL_TEXTS: Record<Language, Record<AccountEmail, { subject: string; body: string }>> = {
  ka: {
    invitation: {
      subject: 'თქვენი ანგარიში ერთადში',
      body: 'გამარჯობა, {{name}}!\n\nერთადში თქვენთვის შეიქმნა ანგარიში. პაროლი აქ აირჩიეთ:\n\n{{link}}\n\nბმული ერთხელ მუშაობს, {{expires}}-მდე. თუ ამ წერილს არ ელოდით, ყურადღება არ მიაქციოთ.\n\nერთად',
    },
    reset: {
      subject: 'ერთადი: ახალი პაროლის დაყენება',
      body: 'გამარჯობა, {{name}}!\n\nვიღაცამ (ვიმედოვნებთ, თქვენ) მოითხოვა ახალი პაროლი თქვენი ერთადის ანგარიშისთვის. აირჩიეთ აქ:\n\n{{link}}\n\nბმული ერთხელ მუშაობს, {{expires}}-მდე. თუ ეს არ მოგითხოვიათ, ყურადღება არ მიაქციოთ: თქვენი პაროლი უცვლელი რჩება.\n\nერთად',
    },
  },
  en: {
    invitation: {
      subject: 'Your Ertad account',
      body: 'Hello {{name}},\n\nAn account on Ertad was made for you. Choose your password here:\n\n{{link}}\n\nThe link works once, until {{expires}}. If you did not expect this email, ignore it.\n\nErtad',
    },
    reset: {
      subject: 'Ertad: set a new password',
      body: 'Hello {{name}},\n\nSomeone (we hope you) asked to set a new password for your Ertad account. Choose it here:\n\n{{link}}\n\nThe link works once, until {{expires}}. If you did not ask for this, ignore this email: your password stays as it is.\n\nErtad',
    },
  },
};
