import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import { CHART_CID } from '../email/render.ts';

// Sending through SMTP with nodemailer (SMTP_URL, MAIL_FROM). One message per recipient, so
// nobody sees the list and a failure for one address does not hold back the others.

/** One rendered snapshot as stored in the outbox: what every recipient gets. */
export interface OutgoingSnapshot {
  subject: string;
  html: string;
  text: string;
  /** The chart PNG the HTML references by cid; null when there is none. */
  chartPng: Buffer | null;
}

/** What sends one snapshot to one address; a fake in some tests, SMTP otherwise. */
export interface Mailer {
  send(to: string, snapshot: OutgoingSnapshot): Promise<{ messageId: string }>;
  close(): void;
}

/** Why the scheduler does not send, or null when SMTP is configured. */
export function sendingDisabledReason(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): string | null {
  if (!config.smtpUrl) return 'No mail server is configured: set SMTP_URL and MAIL_FROM and restart Canopy (see the README, "Weekly email").';
  if (!config.mailFrom) return 'MAIL_FROM is not set: set the From address and restart Canopy.';
  return null;
}

/** A mailer over SMTP_URL; undefined when email is not configured. */
export function createSmtpMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): Mailer | undefined {
  if (!config.smtpUrl || !config.mailFrom) return undefined;
  const from = config.mailFrom;
  const transport = nodemailer.createTransport({
    url: config.smtpUrl,
    pool: true,
    maxConnections: 4,
    // Short enough that a hung server fails an attempt (and it is retried) well before a
    // claimed delivery counts as abandoned (see STALE_SENDING_MS in outbox.ts).
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
  return {
    async send(to, snapshot) {
      const info = await transport.sendMail({
        from,
        to,
        subject: snapshot.subject,
        text: snapshot.text,
        html: snapshot.html,
        attachments: snapshot.chartPng
          ? [{ filename: 'forest.png', content: snapshot.chartPng, contentType: 'image/png', cid: CHART_CID, contentDisposition: 'inline' }]
          : [],
      });
      if (info.rejected.length > 0) throw new Error(`the mail server refused ${info.rejected.join(', ')}`);
      return { messageId: info.messageId };
    },
    close() {
      transport.close();
    },
  };
}
