/**
 * Web Storage that never throws: storage can be disabled (privacy settings, sandboxed iframes)
 * or full, and a widget must keep working without it.
 */
export function readStored<T>(storage: 'session' | 'local', key: string): T | undefined {
  try {
    return JSON.parse(globalThis[`${storage}Storage`].getItem(key)!) as T ?? undefined;
  } catch {
    return undefined;
  }
}

export function writeStored(storage: 'session' | 'local', key: string, value: unknown): void {
  try {
    const area = globalThis[`${storage}Storage`];
    if (value === undefined) area.removeItem(key);
    else area.setItem(key, JSON.stringify(value));
  } catch {
    // Full or disabled storage: the widget works, only without this cache.
  }
}
