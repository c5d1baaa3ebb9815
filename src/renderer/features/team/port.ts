/** What other features may use of team: its panel (the Routing page shows it). */
export { TeamPanel } from './components/team-panel';
