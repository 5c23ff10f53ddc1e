import type { FastifyInstance, RouteHandlerMethod } from 'fastify';

/**
 * Makes `app.close()` wait for every route handler still running, before any plugin's
 * onClose hook runs (they close connections). Fastify's close waits for open connections,
 * but a handler whose client has gone (say, a reader that timed out) keeps running with no
 * connection left: without this, shutdown would close the database under it. Register
 * before the routes.
 */
export function waitForHandlersOnClose(app: FastifyInstance): void {
  let running = 0;
  let idle: (() => void) | undefined;
  app.addHook('onRoute', (route) => {
    const handler = route.handler as (...args: Parameters<RouteHandlerMethod>) => unknown;
    // Only async handlers are counted; what a handler returns passes through unchanged, so
    // handlers that send on the reply themselves (static files) behave exactly as before.
    route.handler = function (this: FastifyInstance, request, reply) {
      const result = handler.call(this, request, reply);
      if (!(result instanceof Promise)) return result;
      running++;
      return result.finally(() => {
        running--;
        if (running === 0) idle?.();
      });
    };
  });
  app.addHook('preClose', async () => {
    if (running > 0) await new Promise<void>((resolve) => (idle = resolve));
  });
}
