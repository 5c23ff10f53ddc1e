import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

// Test fixture: a real SMTP server (smtp-server) on a free local port that keeps every
// message it accepts, parsed by mailparser, and can be told to refuse for a while. Not a test file.

export interface TestMailServer {
  url: string;
  port: number;
  /** Every message accepted so far, parsed, with the envelope recipients. */
  messages: (ParsedMail & { envelopeTo: string[] })[];
  /** Answer the next `count` messages with 451 (try again later). */
  refuseNext(count: number): void;
  /** Stops listening (connections are refused) until start() again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** Starts a local SMTP server that accepts any sender and recipient. */
export async function startTestMailServer(): Promise<TestMailServer> {
  const messages: TestMailServer['messages'] = [];
  let refuse = 0;
  let port = 0;
  let server: SMTPServer;
  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (refuse > 0) {
            refuse -= 1;
            const error = Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 });
            return callback(error);
          }
          simpleParser(Buffer.concat(chunks), { keepCidLinks: true }).then(
            (mail) => {
              messages.push(Object.assign(mail, { envelopeTo: session.envelope.rcptTo.map((r) => r.address) }));
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
  const start = () =>
    new Promise<void>((resolve, reject) => {
      server = make();
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.server.address() as AddressInfo).port;
        resolve();
      });
    });
  await start();
  return {
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    messages,
    refuseNext(count) {
      refuse = count;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    start,
  };
}
