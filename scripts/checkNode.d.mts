// Types for scripts/checkNode.mjs (plain JavaScript so that an old Node can run it), for the tests.
export declare const NODE22_PREFIX: string;
export declare function node22BinDir(arch?: string): string;
export declare function parseVersion(text: string): [number, number, number] | null;
export declare function requiredNodeVersion(): string;
export declare function nodeVersionProblem(
  version: string,
  required: string,
  options?: { platform?: string; arch?: string; node22Installed?: boolean },
): string | null;
export declare function exitIfNodeTooOld(): void;
