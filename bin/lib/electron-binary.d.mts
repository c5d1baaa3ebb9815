export interface ElectronFound {
  path?: string;
  pkgDir?: string;
  version?: string;
  reason?: string;
}
export function findElectron(): ElectronFound;
export function hasDisplay(env?: Record<string, string | undefined>): boolean;
