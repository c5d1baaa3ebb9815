import type { InstallGuide } from '../lib/install-guides';

/** Numbered steps with copyable commands, for one OS. */
export function InstallGuideView({ guide, title, testId }: { guide: InstallGuide; title: string; testId: string }) {
  return (
    <div className="install-guide" data-testid={testId}>
      <h3>{title} ({guide.os})</h3>
      <ol>
        {guide.steps.map((s) => (
          <li key={s.text}>
            {s.text}
            {s.command ? <pre className="fix-command"><code>{s.command}</code></pre> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
