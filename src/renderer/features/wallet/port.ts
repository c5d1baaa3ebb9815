/** What other features may use of wallet: key setup and backup (the first-run setup's wallet step) and its status. */
export { ExportForm, KeySetup } from './components/wallet-panel';
export { walletStatusQuery } from './api/wallet-queries';
