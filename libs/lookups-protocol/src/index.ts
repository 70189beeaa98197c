export * from './dev-keys';
export * from './protocol';
export * from './pseudonym';
export * from './token';
