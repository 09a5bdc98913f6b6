// The server functions the client pages may call through google.script.run, with their JSON-safe types.
import type { DashboardData, Filters, SettingsPatch, SettingsView, SyncReport } from './dto';

/** Mirrors the contract's top-level functions that pages call (test/server-api.test.ts checks main.ts against it). */
export interface ServerApi {
  getSettings(): SettingsView;
  saveSettings(patch: SettingsPatch): SettingsView;
  syncNow(): SyncReport;
  getDashboard(filters: Filters): DashboardData;
  refreshDashboard(filters: Filters): DashboardData;
  rebuildDashboards(filters: Filters): { sheets: string[]; message: string };
  exportCsv(filters: Filters): string;
  showSettings(): void;
  showSidebar(): void;
}
