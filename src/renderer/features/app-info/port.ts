/** What other features may use of app-info: its cache key (a network switch changes the app info). */
export { appInfoKey } from './api/app-info-query';
