/** The part of electron-builder's AfterPackContext the hook reads. */
export interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string } };
}
export const REQUIRED_ENTRIES: string[];
export function resourcesDir(context: PackContext): string;
export function packedAppProblems(context: PackContext): string[];
export default function afterPack(context: PackContext): Promise<void>;
