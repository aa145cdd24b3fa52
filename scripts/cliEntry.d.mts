// Types for scripts/cliEntry.mjs, for the tests.
export declare const BUILT_CLI: string;
export declare const SOURCE_CLI: string;
export declare const CLI_SOURCES: string;
export declare function cliEntry(root: string): { kind: 'built' | 'source'; path: string };
