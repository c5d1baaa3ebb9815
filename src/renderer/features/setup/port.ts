/** What other features may use of setup: the Settings section that reopens it. */
export { SetupSettingsSection } from './components/setup-settings-section';
