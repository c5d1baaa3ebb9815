import { useState } from 'react';
import { saveFile, type DownloadableFile } from '../lib/download';

export type ExportFormatChoice = 'csv' | 'json';

/** "Export CSV" / "Export JSON" for one table (named "Export CSV: <what>": the visible text starts the accessible name); `run` asks main for the file, then the browser saves it. */
export function ExportButtons({ what, run, testId }: { what: string; run: (format: ExportFormatChoice) => Promise<DownloadableFile>; testId: string }) {
  const [busy, setBusy] = useState<ExportFormatChoice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const go = async (format: ExportFormatChoice) => {
    setBusy(format);
    setError(null);
    try {
      saveFile(await run(format));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <span className="export-buttons" data-testid={testId}>
      {(['csv', 'json'] as const).map((f) => (
        <button key={f} type="button" className="small" disabled={busy !== null} onClick={() => void go(f)} aria-label={`Export ${f.toUpperCase()}: ${what}`}>
          {busy === f ? 'Exporting…' : `Export ${f.toUpperCase()}`}
        </button>
      ))}
      {error ? <span className="warning small" role="alert">{error}</span> : null}
    </span>
  );
}
