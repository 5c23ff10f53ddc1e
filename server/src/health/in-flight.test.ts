import Fastify from 'fastify';
import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from 'vitest';
import { waitForHandlersOnClose } from './in-flight.ts';

test('close waits for a handler whose client has gone', async () => {
  const app = Fastify();
  waitForHandlersOnClose(app);
  let finished = false;
  let started = false;
  app.get('/slow', async () => {
    started = true;
    await sleep(300);
    finished = true;
    return { ok: true };
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const client = new AbortController();
  const request = fetch(`${address}/slow`, { signal: client.signal }).catch(() => 'aborted');
  while (!started) await sleep(5);
  client.abort(); // the reader gave up: no connection is left for Fastify to wait for
  expect(await request).toBe('aborted');
  await app.close();
  expect(finished).toBe(true);
});

test('handlers that send on the reply themselves, later, are left as they were', async () => {
  const app = Fastify();
  waitForHandlersOnClose(app);
  app.get('/later', (_request, reply) => {
    setTimeout(() => void reply.send({ later: true }), 20);
  });
  const res = await app.inject({ method: 'GET', url: '/later' });
  expect(res.json()).toEqual({ later: true });
  await app.close();
});

test('answers finished while closing end their keep-alive connection, so close does not wait for clients', async () => {
  const app = Fastify();
  waitForHandlersOnClose(app);
  let started = false;
  app.get('/slow', async () => {
    started = true;
    await sleep(200);
    return { ok: true };
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const agent = new http.Agent({ keepAlive: true });
  const answer = new Promise<string | undefined>((resolve, reject) => {
    http.get(`${address}/slow`, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.headers.connection));
    }).on('error', reject);
  });
  while (!started) await sleep(5);
  const began = Date.now();
  await app.close();
  expect(Date.now() - began).toBeLessThan(5_000); // not the 72 s keep-alive timeout
  expect(await answer).toBe('close');
  agent.destroy();
});

test('close ends every keep-alive connection left open by its client, busy or idle when it began', async () => {
  // As a load generator leaves them when its time is up: 50 connections, each having asked
  // a few times, 20 of them with an answer still coming, none of them hanging up.
  const app = Fastify();
  waitForHandlersOnClose(app);
  app.get('/quick', async () => ({ ok: true }));
  app.get('/slow', async () => {
    await sleep(200);
    return { ok: true };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  const ask = (socket: net.Socket, path: string) =>
    new Promise<void>((resolve) => {
      socket.once('data', () => resolve());
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    });
  const sockets = await Promise.all(
    Array.from({ length: 50 }, () => new Promise<net.Socket>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    })),
  );
  for (let round = 0; round < 3; round++) await Promise.all(sockets.map((s) => ask(s, '/quick')));
  const pending = sockets.slice(0, 20).map((s) => ask(s, '/slow'));
  await sleep(20);
  const began = Date.now();
  await app.close();
  expect(Date.now() - began).toBeLessThan(5_000); // not the 72 s keep-alive timeout
  await Promise.all(pending); // the answers still coming were sent
  for (const s of sockets) s.destroy();
});
