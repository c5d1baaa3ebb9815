import { useQuery } from '@tanstack/react-query';
import { useTransport } from '../../../transport/transport-context';
import { SetupSettingsSection } from '../../setup/port';
import { settingsQuery } from '../api/settings-query';
import { OllamaUrlForm } from './ollama-url-form';
import { UpdateControl } from './update-control';

/** Settings: the first-run setup again, the Ollama URL, updates, and every setting with where its value comes from. */
export function SettingsPage() {
  const transport = useTransport();
  const view = useQuery(settingsQuery(transport));
  const v = view.data;
  return (
    <div className="settings-page" data-testid="page-settings">
      <SetupSettingsSection />
      <section className="card" aria-labelledby="settings-ollama-title">
        <h2 id="settings-ollama-title">Ollama</h2>
        <OllamaUrlForm />
      </section>
      <div className="card">
        <UpdateControl />
      </div>
      <section className="card" aria-labelledby="settings-all-title">
        <h2 id="settings-all-title">All settings</h2>
        {view.isError ? <p className="warning">{view.error.message}</p> : null}
        {v ? (
          <table className="table" data-testid="settings-table">
            <thead><tr><th scope="col">Setting</th><th scope="col">Value</th><th scope="col">From</th></tr></thead>
            <tbody>
              {(Object.keys(v.settings) as (keyof typeof v.settings)[])
                .filter((k) => k !== 'setup')
                .map((k) => {
                  const value = v.settings[k];
                  return (
                    <tr key={k}><th scope="row">{k}</th><td><code>{Array.isArray(value) ? value.join(', ') || '(none)' : value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value)}</code></td><td>{v.overriddenByEnv.includes(k) ? 'environment' : 'settings.json'}</td></tr>
                  );
                })}
            </tbody>
          </table>
        ) : (
          <p className="muted">Loading…</p>
        )}
        {v ? <p className="note">Data dir: <code>{v.dataDir}</code></p> : null}
      </section>
    </div>
  );
}
