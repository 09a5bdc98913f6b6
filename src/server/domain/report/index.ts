// Public surface of the e-mail rendering: HTML escaping and helpers, and the scheduled summary report.
export * from './html';
export * from './summary-email';
