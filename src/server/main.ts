// The only entry file: each export here becomes a top-level function of dist/Code.js (gas-webpack-plugin).
// Menus, triggers and google.script.run reach only these names, so each validates its arguments.
export { onOpen, onInstall, showSidebar, showSettings } from './entry/ui';
export { getSettings, saveSettings } from './entry/settings';
export { syncNow, runScheduledSync } from './entry/sync';
export { getDashboard, refreshDashboard, exportCsv } from './entry/dashboard';
export { rebuildDashboards } from './entry/sheets';
export { rebuildForecast } from './entry/beyond';
export { onEdit } from './entry/edits';
