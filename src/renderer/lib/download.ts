/** A file main produced (an export), saved through the browser's own download: a Blob URL on a transient link. */
export interface DownloadableFile {
  filename: string;
  mimeType: string;
  content: string;
}

/** Starts the download (Electron asks where to save it; a browser saves or asks as it is set up to). */
export function saveFile(file: DownloadableFile, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = file.filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    // After the click has handed the Blob to the download; revoking at once can cancel it in some engines.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
