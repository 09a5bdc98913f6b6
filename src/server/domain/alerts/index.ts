// Public surface of the alerts: rules, de-duplication state, the e-mail and the "Alertas" log rows.
export * from './alert-email';
export * from './rules';
export * from './state';
