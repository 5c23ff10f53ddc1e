import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Makes `app.close()` wait for every route handler still running, before any plugin's
 * onClose hook runs (they close connections). Fastify's close waits for open connections,
 * but a handler whose client has gone (say, a reader that timed out) keeps running with no
 * connection left: without this, shutdown would close the database under it. Register
 * before the routes.
 */
export function waitForHandlersOnClose(app: FastifyInstance): void {
  const running = new Set<string>();
  let idle: (() => void) | undefined;
  app.addHook('onRoute', (route) => {
    const handler = route.handler as (...args: Parameters<RouteHandlerMethod>) => unknown;
    // Only async handlers are counted; what a handler returns passes through unchanged, so
    // handlers that send on the reply themselves (static files) behave exactly as before.
    route.handler = function (this: FastifyInstance, request, reply) {
      const result = handler.call(this, request, reply);
      if (!(result instanceof Promise)) return result;
      const entry = `${request.id} ${request.method} ${request.url}`;
      running.add(entry);
      return result.finally(() => {
        running.delete(entry);
        if (running.size === 0) idle?.();
      });
    };
  });
  app.decorate('runningHandlers', () => [...running]);

  // Closing the HTTP server waits for every connection to end, and a keep-alive connection
  // left open by its client would hold it until the keep-alive timeout (72 s) ends it. So
  // once closing, answers say "Connection: close", and every half second the connections
  // with no request in progress are closed. Node's own closeIdleConnections() missed some:
  // after a load run, 33 of 50 idle keep-alive connections stayed open through 60 sweeps
  // (no request, nothing to write), so this keeps its own count of each one's requests.
  const connections = trackRequestsPerConnection(app);
  let closing = false;
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
  app.addHook('preClose', async () => {
    closing = true;
    if (running.size > 0) await new Promise<void>((resolve) => (idle = resolve));
    if (!app.server.listening) return;
    const sweep = setInterval(() => {
      for (const [socket, requests] of connections) if (requests === 0 && socket.writableLength === 0) socket.destroy();
    }, 500);
    app.server.once('close', () => clearInterval(sweep));
  });
}

/** Each open connection with how many of its requests have arrived and not been answered yet. */
function trackRequestsPerConnection(app: FastifyInstance): Map<Socket, number> {
  const connections = new Map<Socket, number>();
  app.server.on('connection', (socket: Socket) => {
    connections.set(socket, 0);
    socket.once('close', () => connections.delete(socket));
  });
  // 'request' comes with the headers, before the body: an upload still arriving counts.
  app.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    if (!connections.has(socket)) return;
    connections.set(socket, connections.get(socket)! + 1);
    const done = () => {
      if (connections.has(socket)) connections.set(socket, Math.max(0, connections.get(socket)! - 1));
    };
    response.once('close', done);
  });
  return connections;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The requests whose handlers are still running (id, method, URL), for the shutdown message. */
    runningHandlers: () => string[];
  }
}
