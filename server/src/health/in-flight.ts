import type { FastifyInstance, RouteHandlerMethod } from 'fastify';

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
  // whose answer was still being written when it closed would stay open until its client
  // or the keep-alive timeout (72 s) ends it. So once closing, answers say "Connection:
  // close", and connections that fall idle are closed every half second.
  let closing = false;
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
  app.addHook('preClose', async () => {
    closing = true;
    if (running.size > 0) await new Promise<void>((resolve) => (idle = resolve));
    if (!app.server.listening) return;
    const sweep = setInterval(() => app.server.closeIdleConnections(), 500);
    app.server.once('close', () => clearInterval(sweep));
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The requests whose handlers are still running (id, method, URL), for the shutdown message. */
    runningHandlers: () => string[];
  }
}
