import { earnMigrations } from './earn/earn-migrations';
import { modelsMigrations } from './models/models-migrations';
import { networkMigrations } from './network/network-migrations';
import { openclawMigrations } from './openclaw/openclaw-migrations';
import { proofsMigrations } from './proofs/proofs-migrations';
import { routingMigrations } from './routing/routing-migrations';
import { coreMigrations } from './store/core-migrations';
import type { Migration } from './store/migration';
import { walletMigrations } from './wallet/wallet-migrations';

/**
 * Every feature's schema migrations, registered in one list (as the renderer's pages.ts lists pages). Each feature
 * owns its tables in `<feature>/<feature>-migrations.ts`; numbers are global and gap-free (openDatabase checks), so a new
 * feature's migration takes the next number and adds one line here.
 */
export const migrations: readonly Migration[] = [
  ...coreMigrations,
  ...networkMigrations,
  ...walletMigrations,
  ...routingMigrations,
  ...openclawMigrations,
  ...modelsMigrations,
  ...proofsMigrations,
  ...earnMigrations,
];
