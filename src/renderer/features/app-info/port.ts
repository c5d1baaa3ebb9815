/** What other features may use of app-info: its cache key (a network switch changes the app info) and the query (platform, host). */
export { appInfoKey, appInfoQuery } from './api/app-info-query';
