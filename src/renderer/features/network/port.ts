/** What other features may use of network: the devnet / URL / off choice (the first-run setup shows it explained). */
export { NetworkChoice } from './components/network-choice';
export { networkStatusQuery } from './api/network-queries';
