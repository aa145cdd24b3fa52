import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadAppInfo } from './stores/appStore';
import { loadConnections } from './stores/connectionsStore';
import { initDatasetEvents, loadDatasets } from './stores/datasetsStore';
import { restoreDesk } from './stores/deskStore';
import { initHistoryEvents, loadJobs, useHistoryStore } from './stores/historyStore';
import { ensureDefaults } from './stores/mappingStore';
import { adoptActiveJob, initRunEvents } from './stores/runStore';
import './styles.css';

initRunEvents();
initDatasetEvents();
initHistoryEvents();
void loadAppInfo();
void loadConnections().then(ensureDefaults);
void restoreDesk().then((desk) => loadDatasets(desk?.datasetId ?? null));
void loadJobs().then(() => adoptActiveJob(useHistoryStore.getState().jobs));

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
