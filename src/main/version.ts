/** Injected at build time by electron-vite (define); falls back to the package version when run from source. */
declare const __CLAWGRID_VERSION__: string | undefined;
export const APP_VERSION: string = typeof __CLAWGRID_VERSION__ === 'string' ? __CLAWGRID_VERSION__ : '0.1.0';
