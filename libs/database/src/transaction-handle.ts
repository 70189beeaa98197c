import type { EntityManager } from 'typeorm';

declare const opaque: unique symbol;

/**
 * A handle on the database that services carry and pass on but cannot use: a transaction, or the
 * connection itself for reads outside one. It has no members, and its only key is a symbol no other
 * module can name, so no value but the one `transactionOf` made is a Transaction. Only a
 * repository opens it (`managerOf`); the lint keeps this module's functions, and the
 * `EntityManager` type, out of everything else (docs/architecture.md, "Layers").
 */
export interface Transaction {
  readonly [opaque]: 'Transaction';
}

/** The handle for a manager, to give out of a repository. A cast: nothing is allocated. */
export function transactionOf(manager: EntityManager): Transaction {
  return manager as unknown as Transaction;
}

/** The manager behind a handle, opened inside a repository. */
export function managerOf(transaction: Transaction): EntityManager {
  return transaction as unknown as EntityManager;
}
