// `npm run demo`: a seeded fake Chatvolt organisation synced by the built bundle in the local runtime, saved as
// out/chatvolt-demo.xlsx, with the sidebar over the same data as a picture (out/painel.png).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { startFakeChatvolt } from '../test/fake-chatvolt/index';
import { createRuntime, type CellValue, type LocalRuntime } from '../test/runtime/index';
import type { DashboardData, SyncReport } from '../src/shared/dto';
import { DEMO_BUSINESS_HOURS, DEMO_NOW, DEMO_ORG } from './demo-org';
import { CHROMIUM_HINT, writeSidebarPicture } from './painel';

const NOW = DEMO_NOW;
const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'out', 'chatvolt-demo.xlsx');
const PICTURE = path.join(path.dirname(OUT), 'painel.png');

/** Saves the key and base URL through the bundle; falls back to seeding the property stores directly. */
function configure(rt: LocalRuntime, apiKey: string, baseUrl: string): void {
  const saved = rt.run('saveSettings', [{ apiKey, baseUrl }]);
  if (saved.ok) return;
  console.warn(`saveSettings falhou (${saved.error.message}); gravando as propriedades diretamente.`);
  rt.properties.user().set('chatvolt.apiKey', apiKey);
  rt.properties.document.set('settings.v1', JSON.stringify({ baseUrl }));
}

/** Turns business hours on before the first sync, so the business-time columns and KPIs are filled from the start. */
function enableBusinessHours(rt: LocalRuntime): void {
  const saved = rt.run('saveSettings', [{ businessHours: DEMO_BUSINESS_HOURS }]);
  if (!saved.ok) console.warn(`Horário comercial não configurado: ${saved.error.message}`);
}

/** Every sheet of the local spreadsheet as a worksheet; Date cells stay dates. */
async function writeWorkbook(rt: LocalRuntime, file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (const name of rt.book.sheetNames()) {
    const values = rt.book.values(name);
    if (values.length === 0) continue;
    const sheet = workbook.addWorksheet(name);
    sheet.addRows(values.map((row: CellValue[]) => row.map((cell) => (cell === '' ? null : cell))));
    // Date columns get a readable format (exceljs writes Date cells as dates).
    const first = values[1] ?? [];
    first.forEach((cell, i) => {
      if (cell instanceof Date) sheet.getColumn(i + 1).numFmt = 'yyyy-mm-dd hh:mm:ss';
    });
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  mkdirSync(path.dirname(file), { recursive: true });
  await workbook.xlsx.writeFile(file);
}

/**
 * Reads the saved workbook back and lists the text cells that start with an apostrophe: the seeded organisation has
 * no such text, so any one would be a quote mark the add-on added (a plain-text cell keeps it; contract.md).
 */
async function quotedCells(file: string): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const found: string[] = [];
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row, r) =>
      row.eachCell((cell, c) => {
        if (typeof cell.value === 'string' && cell.value.startsWith("'")) found.push(`${sheet.name}!R${r}C${c}`);
      }),
    ),
  );
  return found;
}

async function main(): Promise<void> {
  const fake = await startFakeChatvolt(DEMO_ORG);
  const rt = createRuntime({ now: NOW });
  try {
    configure(rt, fake.apiKey, fake.baseUrl);
    enableBusinessHours(rt);
    const reports: SyncReport[] = [];
    let modelledMs = 0;
    for (let i = 0; i < 20; i++) {
      const result = rt.run<SyncReport>('syncNow', []);
      if (!result.ok) throw new Error(`syncNow: ${result.error.message}`);
      modelledMs += result.stats.modelledMs;
      reports.push(result.value);
      console.log(`execução ${i + 1}: ${result.value.message} (${(result.stats.modelledMs / 1000).toFixed(1)} s modelados)`);
      if (!result.value.ok) throw new Error(result.value.message);
      if (result.value.complete) break;
    }

    const dashboards = rt.call<{ sheets: string[]; message: string }>('rebuildDashboards', {});
    const forecast = rt.call<{ sheet: string; model: string | null; message: string }>('rebuildForecast');
    const dashboard = rt.call<DashboardData>('getDashboard', { from: '2026-02-14', to: '2026-03-15' });

    await writeWorkbook(rt, OUT);
    const quoted = await quotedCells(OUT);
    if (quoted.length > 0) throw new Error(`${quoted.length} células de texto começam com apóstrofo: ${quoted.slice(0, 5).join(', ')}`);
    // The sidebar asks for its own default period (the last 30 days up to NOW), as it would in Sheets.
    const picture = await writeSidebarPicture({ runtime: rt, out: PICTURE, now: NOW });
    const org = await fake.snapshot();
    const messages = Object.values(org.messages).reduce((n, list) => n + list.length, 0);
    const rows = (sheet: string) => Math.max(0, rt.book.values(sheet).length - 1);
    const charts = rt.book.sheetNames().reduce((n, sheet) => n + rt.book.charts(sheet).length, 0);
    console.log('');
    console.log(`Organização fictícia: ${org.conversations.length} conversas, ${messages} mensagens em 90 dias.`);
    console.log(`Conversas: ${rows('Conversas')} linhas; Mensagens: ${rows('Mensagens')} linhas.`);
    console.log(`Execuções: ${reports.length}; chamadas à API: ${reports.reduce((n, r) => n + r.apiCalls, 0)}; tempo modelado: ${(modelledMs / 1000).toFixed(1)} s.`);
    console.log(`Abas: ${rt.book.sheetNames().join(', ')} (${charts} gráficos nativos).`);
    console.log(`Painéis: ${dashboards.message}`);
    console.log(`Previsão: ${forecast.message}`);
    const k = dashboard.kpis;
    const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
    const num = (v: number | null, unit: string) => (v === null ? '—' : `${v.toFixed(1)} ${unit}`);
    console.log(
      `Últimos 30 dias: ${k.volume} conversas; resolução ${pct(k.resolutionRate)}; escalonamento ${pct(k.escalationRate)}; ` +
        `contenção pela IA ${pct(k.containmentRate)}; SLA ${pct(k.slaRate)}; 1ª resposta mediana ${num(k.firstResponse.median, 's')}; ` +
        `satisfação ${num(k.satisfaction.mean, '/ 5')}; sem resposta ${k.unanswered}; abandonadas ${k.abandoned}.`,
    );
    if (dashboard.forecastTomorrow) {
      const f = dashboard.forecastTomorrow;
      console.log(`Amanhã: ${f.expected} conversas esperadas (${f.low}–${f.high}, ${f.model}).`);
    }
    const b = dashboard.businessHours;
    if (b) {
      console.log(
        `Em horário comercial (seg–sex 08–18): 1ª resposta mediana ${num(b.firstResponse.median, 's')}; 1ª resposta humana ` +
          `${num(b.firstHumanResponse.median, 's')}; fora do horário ${pct(b.outsideHoursRate)}.`,
      );
    }
    if (dashboard.operators) console.log(`Operadores: ${dashboard.operators.length} no período.`);
    if (dashboard.durableAi) {
      const d = dashboard.durableAi;
      console.log(`IA durável (7 dias): ${pct(d.rate)} (${d.durable} de ${d.aiResolved - d.pending}; ${d.pending} pendentes).`);
    }
    console.log(`Planilha: ${path.relative(process.cwd(), OUT)} (nenhuma célula de texto começa com apóstrofo).`);
    console.log(picture ? `Painel: ${path.relative(process.cwd(), picture)}` : `Painel não gerado. ${CHROMIUM_HINT}`);
  } finally {
    rt.dispose();
    await fake.close();
  }
}

// No top-level await: tsx runs this file as CommonJS (package.json has no "type": "module").
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
