/** What other features may use of settings: the settings view, changing it, and the Ollama URL field. */
export { settingsQuery, settingsKey } from './api/settings-query';
export { settingsUpdateMutation } from './api/settings-mutations';
export { OllamaUrlForm } from './components/ollama-url-form';
