import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';

// The access engineer's components (web/src/access/) plug in here when their files exist:
// import.meta.glob finds them at build time and yields nothing while they do not, so the
// pages work without auth ("local mode") until then.

const modules = import.meta.glob<Record<string, ComponentType<{ children?: ReactNode }>>>('../access/*.tsx');
const cache = new Map<string, ComponentType<{ children?: ReactNode }>>();

function component(name: string): ComponentType<{ children?: ReactNode }> | null {
  const load = modules[`../access/${name}.tsx`];
  if (!load) return null;
  let found = cache.get(name);
  if (!found) {
    found = lazy(async () => {
      const module = await load();
      const exported = module[name] ?? module.default;
      return { default: exported ?? (() => null) };
    });
    cache.set(name, found);
  }
  return found;
}

/** Whether the access engineer's `name` component exists in this build. */
export function hasAccessComponent(name: string): boolean {
  return `../access/${name}.tsx` in modules;
}

/** Renders web/src/access/<name>.tsx when it exists; `fallback` (default nothing) otherwise. */
export function AccessSlot({ name, children, fallback = null }: { name: string; children?: ReactNode; fallback?: ReactNode }) {
  const Found = component(name);
  if (!Found) return <>{children ?? fallback}</>;
  return (
    <Suspense fallback={children ? null : fallback}>
      <Found>{children}</Found>
    </Suspense>
  );
}
