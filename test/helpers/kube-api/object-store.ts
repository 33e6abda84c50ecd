/**
 * In-memory storage of one kind of namespaced object, like etcd behind the API server: every write gets the
 * next resourceVersion and produces a watch event; events are kept so a watch can start from any version.
 */

/** The types of watch events this store produces. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One watch event, as written on the wire: `{"type":"ADDED","object":{...}}`. */
export interface WatchEvent {
  type: WatchEventType;
  object: any;
}

/** Deep copy, so that callers never hold a reference to stored state. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** RFC 3339 time without fractions, as Kubernetes writes `metav1.Time`. */
export function kubeTime(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const keyOf = (namespace: string, name: string) => `${namespace}/${name}`;

/** Stored objects of one resource, their history of events and the listeners of live events. */
export class ObjectStore {
  private readonly objects = new Map<string, any>();
  private readonly history: WatchEvent[] = [];
  private readonly listeners = new Set<(event: WatchEvent) => void>();
  /** Starts above 0: "0" means "any version" to a list or watch, never a real one. */
  private lastResourceVersion = 1;

  /** The resourceVersion of the latest write (what a list answers as `metadata.resourceVersion`). */
  get resourceVersion(): string {
    return String(this.lastResourceVersion);
  }

  /** A copy of the stored object, or undefined. */
  get(namespace: string, name: string): any | undefined {
    const object = this.objects.get(keyOf(namespace, name));
    return object && clone(object);
  }

  /** Copies of the stored objects (of one namespace when given), ordered by namespace and name. */
  list(namespace?: string): any[] {
    return [...this.objects.values()]
      .filter((o) => namespace === undefined || o.metadata.namespace === namespace)
      .sort((a, b) => keyOf(a.metadata.namespace, a.metadata.name).localeCompare(keyOf(b.metadata.namespace, b.metadata.name)))
      .map(clone);
  }

  /** Stores a new object (the caller checked it does not exist) and returns the stored copy. */
  add(object: any): any {
    return this.write('ADDED', object);
  }

  /** Replaces an existing object and returns the stored copy. */
  update(object: any): any {
    return this.write('MODIFIED', object);
  }

  /** Removes an object; the DELETED event carries its last state with a new resourceVersion. */
  remove(namespace: string, name: string): any {
    const stored = this.stamp(this.objects.get(keyOf(namespace, name)));
    this.objects.delete(keyOf(namespace, name));
    this.emit({ type: 'DELETED', object: stored });
    return clone(stored);
  }

  /** Events written after `resourceVersion` (copies). */
  eventsSince(resourceVersion: number): WatchEvent[] {
    return this.history.filter((e) => Number(e.object.metadata.resourceVersion) > resourceVersion).map(clone);
  }

  /** Calls `listener` with a copy of every later event; returns the function that stops it. */
  subscribe(listener: (event: WatchEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private write(type: WatchEventType, object: any): any {
    const stored = this.stamp(object);
    this.objects.set(keyOf(stored.metadata.namespace, stored.metadata.name), stored);
    this.emit({ type, object: stored });
    return clone(stored);
  }

  /** A copy of `object` carrying the next resourceVersion. */
  private stamp(object: any): any {
    const stored = clone(object);
    stored.metadata.resourceVersion = String(++this.lastResourceVersion);
    return stored;
  }

  private emit(event: WatchEvent): void {
    this.history.push(clone(event));
    for (const listener of this.listeners) listener(clone(event));
  }
}
