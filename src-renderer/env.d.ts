// What the Electron preload puts on `window` (absent when the page is served over the loopback).
import type { WindowApi } from '../src-shared/contract/windowApi';

declare global {
  interface Window {
    api?: WindowApi;
  }
}

export {};
