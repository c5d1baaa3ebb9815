/** What other features may use of openclaw: what was detected (with the fixing commands) and agent wiring. */
export { DetectionCard, WiringCard } from './components/agents-page';
export { openclawAgentsQuery } from './api/openclaw-queries';
export { openclawRefreshMutation } from './api/openclaw-mutations';
