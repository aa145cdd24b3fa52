import { afterEach } from 'vitest';
import { createServices, type Services, type ServicesOptions } from '../../src-main/services';
import { tempDir } from './tempDir';

export type TempServicesOptions = Omit<ServicesOptions, 'dataDir'>;

export interface TempServices {
  /** Services on a fresh temp data folder. */
  open(options: TempServicesOptions): Promise<Services>;
  /** Closes the open Services and opens new ones on the same folder: a restart. */
  reopen(options: TempServicesOptions): Promise<Services>;
  /** Closes the open Services now; the folder stays until the test ends. */
  close(): Promise<void>;
  /** The data folder of the current test. */
  readonly dir: string;
}

/**
 * The integration tests' fixture: each test opens Services on its own temp data folder, and after each
 * test whatever is still open is closed and the folder removed. Call it inside a `describe`.
 */
export function useTempServices(): TempServices {
  let dir: ReturnType<typeof tempDir> | null = null;
  let services: Services | null = null;

  async function close(): Promise<void> {
    const open = services;
    services = null;
    await open?.close();
  }
  afterEach(async () => {
    await close();
    dir?.remove();
    dir = null;
  });

  return {
    async open(options) {
      dir = tempDir();
      services = await createServices({ ...options, dataDir: dir.path });
      return services;
    },
    async reopen(options) {
      if (!dir) throw new Error('reopen() before open()');
      await close();
      services = await createServices({ ...options, dataDir: dir.path });
      return services;
    },
    close,
    get dir() {
      if (!dir) throw new Error('no data folder: call open() first');
      return dir.path;
    },
  };
}
