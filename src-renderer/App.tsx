import { useEffect, useRef, useState } from 'react';
import {
  onConnectionState,
  onOpenFile,
  onServiceProblem,
  transportName,
  type ConnectionState,
  type ServiceProblem,
} from './api/client';
import { plural } from './components/format';
import { Nav, type NavItem } from './components/Nav';
import { ConnectionsScreen } from './screens/ConnectionsScreen';
import { HistoryScreen } from './screens/HistoryScreen';
import { ImportScreen } from './screens/ImportScreen';
import { MapScreen } from './screens/MapScreen';
import { PlanScreen } from './screens/PlanScreen';
import { PreviewScreen } from './screens/PreviewScreen';
import { RecipesScreen } from './screens/RecipesScreen';
import { ReportsScreen } from './screens/ReportsScreen';
import { RunScreen } from './screens/RunScreen';
import { appSelectors, go, useAppStore, type Screen } from './stores/appStore';
import { datasetsSelectors, importOpenedFile, useDatasetsStore } from './stores/datasetsStore';
import { mappingSelectors, useMappingStore } from './stores/mappingStore';
import { planSelectors, usePlanStore } from './stores/planStore';
import { runSelectors, useRunStore } from './stores/runStore';

const SCREENS: Record<Screen, () => React.JSX.Element> = {
  connections: ConnectionsScreen,
  import: ImportScreen,
  map: MapScreen,
  preview: PreviewScreen,
  plan: PlanScreen,
  run: RunScreen,
  recipes: RecipesScreen,
  history: HistoryScreen,
  reports: ReportsScreen,
};

export function App() {
  const screen = useAppStore(appSelectors.screen);
  const info = useAppStore(appSelectors.info);
  const dataset = useDatasetsStore(datasetsSelectors.current);
  const template = useMappingStore(mappingSelectors.template);
  const missing = useMappingStore((s) => mappingSelectors.missingRequired(s).length);
  const job = useRunStore((s) => s.job);
  const connectionId = useMappingStore((s) => s.connectionId);
  const templateId = useMappingStore((s) => s.templateId);
  const planHint = usePlanStore((s) =>
    planSelectors.hint(s, {
      datasetId: dataset?.id ?? '',
      connectionId: connectionId ?? '',
      templateId: templateId ?? '',
    }),
  );
  const disconnected = useRunStore(runSelectors.disconnected);
  const [events, setEvents] = useState<ConnectionState>('closed');
  const [problem, setProblem] = useState<ServiceProblem>(null);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => onConnectionState(setEvents), []);
  useEffect(() => onServiceProblem(setProblem), []);
  // A spreadsheet opened with the app (Electron): show Import and read it in.
  useEffect(
    () =>
      onOpenFile((path) => {
        go('import');
        void importOpenedFile(path);
      }),
    [],
  );
  // Move focus to the new screen so keyboard and screen-reader users land at its top.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
    main.current?.scrollTo({ top: 0 });
  }, [screen]);

  const items: NavItem<Screen>[] = [
    {
      screen: 'import',
      step: 1,
      label: 'Import',
      hint: dataset ? `${dataset.fileName} · ${plural(dataset.rowCount, 'row')}` : 'Choose a CSV',
    },
    {
      screen: 'map',
      step: 2,
      label: 'Map',
      // Without a file nothing can be mapped: "2 required missing" said so of no file (Map says "Import first").
      hint: !dataset ? 'Import a file first' : template ? (missing ? `${missing} required missing` : template.name) : 'Pick an action',
    },
    { screen: 'preview', step: 3, label: 'Preview & test', hint: 'Exact requests' },
    { screen: 'plan', label: 'Plan', hint: planHint ?? 'What it will change' },
    {
      screen: 'run',
      step: 4,
      label: 'Run',
      hint: job ? (disconnected ? 'disconnected' : job.state) : 'Send every row',
    },
    { screen: 'recipes', label: 'Recipes', hint: 'Several calls per row' },
    { screen: 'history', label: 'History', hint: 'Every job and row' },
    { screen: 'reports', label: 'Reports', hint: 'LMS data, offline' },
    { screen: 'connections', label: 'Connections', hint: 'LMS accounts' },
  ];
  const Current = SCREENS[screen];

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ⇶
          </span>
          Bulk Desk
        </div>
        <Nav items={items} current={screen} onGo={go} />
        <footer className="sidebar-foot small muted">
          <span className={`dot dot-${events}`} aria-hidden="true" />
          {problem === 'unauthorised'
            ? 'Refused: a stale link'
            : events === 'open'
              ? 'Live updates on'
              : events === 'connecting'
                ? 'Reconnecting…'
                : 'Offline'}
          {info && (
            <div>
              v{info.version} · {transportName()}
            </div>
          )}
        </footer>
      </aside>
      <main id="main" ref={main} tabIndex={-1} className="main">
        <ServiceProblemBanner problem={problem} />
        <Current />
      </main>
    </div>
  );
}

/**
 * Said above every screen while nothing this page does reaches Bulk Desk's service: what is shown may be
 * out of date, and a screen that finds nothing (no spreadsheet, no jobs) found nothing because it could
 * not ask. A restarted service refuses the page's token for good: the way back is the new address.
 */
function ServiceProblemBanner({ problem }: { problem: ServiceProblem }) {
  if (!problem) return null;
  return (
    <div
      className="error-box service-problem"
      role="alert"
      data-testid="service-problem"
      data-problem={problem}
    >
      <div className="error-text">
        {problem === 'unauthorised' ? (
          <>
            <strong>This page was opened from an earlier start of Bulk Desk</strong>, and its service refuses
            the page’s link now: nothing you do here reaches it, and what this page shows may be out of date.
            Open the address <code>npm run serve</code> printed when it last started (paste it into this tab)
            — your files, mappings and jobs are kept in the data folder.
          </>
        ) : (
          <>
            <strong>Bulk Desk’s service is not answering</strong>: nothing you do here reaches it, and what
            this page shows is from the last contact. This page carries on by itself if the service comes
            back; if it was stopped, start it again and open the address it prints (each start prints a new
            one) — your files, mappings and jobs are kept in the data folder.
          </>
        )}
      </div>
    </div>
  );
}
