/** What a test sees of a download: the file name and the Blob's text, captured instead of saved (jsdom saves nothing). */
export interface CapturedDownload {
  filename: string;
  type: string;
  text: Promise<string>;
}

/** Stubs URL.createObjectURL and catches the download link's click; call the returned function to undo. */
export function captureDownloads(): { downloads: CapturedDownload[]; restore(): void } {
  const downloads: CapturedDownload[] = [];
  const blobs = new Map<string, Blob>();
  const orig = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
  let n = 0;
  URL.createObjectURL = (b: Blob | MediaSource) => {
    const url = `blob:test/${++n}`;
    blobs.set(url, b as Blob);
    return url;
  };
  URL.revokeObjectURL = () => {};
  const onClick = (e: MouseEvent) => {
    const a = e.target as HTMLAnchorElement;
    if (a.tagName !== 'A' || !a.download) return;
    e.preventDefault();
    const blob = blobs.get(a.href);
    if (blob) downloads.push({ filename: a.download, type: blob.type, text: readText(blob) });
  };
  document.addEventListener('click', onClick, true);
  return {
    downloads,
    restore() {
      document.removeEventListener('click', onClick, true);
      URL.createObjectURL = orig.create;
      URL.revokeObjectURL = orig.revoke;
    },
  };
}

/** jsdom's Blob has no text(): read it the old way. */
function readText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsText(blob);
  });
}
