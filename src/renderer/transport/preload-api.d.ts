import type { PreloadApi } from '../../shared/contract/preload-api';

// The preload (src/preload) implements the contract's PreloadApi; this only tells the renderer it is
// on `window` inside Electron and absent in a browser.
declare global {
  interface Window {
    clawgrid?: PreloadApi;
  }
}
