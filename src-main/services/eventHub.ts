// Main → renderer events. Both transports subscribe here; each subscription returns its own disposer.
import type { EventMessage, EventName, Events } from '../../src-shared/contract/api';

export interface EventHub {
  subscribe(listener: (msg: EventMessage) => void): () => void;
}

export interface EventBus extends EventHub {
  emit<E extends EventName>(event: E, payload: Events[E]): void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<(msg: EventMessage) => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event, payload) {
      for (const l of listeners) {
        try {
          l({ event, payload } as EventMessage);
        } catch {
          // A broken listener (closed stream) must not stop the runner.
        }
      }
    },
  };
}
