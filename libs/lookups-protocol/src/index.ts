export * from './brp-gezag';
export * from './checkpoint';
export * from './dev-keys';
export * from './jwk-thumbprint';
export * from './protocol';
export * from './pseudonym';
export * from './token';
export * from './transaction-id';
