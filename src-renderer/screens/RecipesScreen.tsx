// Recipes: several calls per row — create the member, enrol them, add them to groups, invite them — built
// from steps, each with its live request for a row of the current file, a row previewed through every
// step, the per-step check of the whole file, and the run, followed step by step. History then shows each
// row with its steps as a timeline.
import { useEffect, useMemo, useRef, useState } from 'react';
import { knownToSend, recipeRequests, stepRequests, type RequestCount } from '../../src-shared/undo/recipeRequests';
import { plural } from '../../src-shared/util/plural';
import { recipeUndoSentence } from '../../src-shared/undo/undoSentence';
import { templatesFor } from '../../src-shared/connectors/catalog';
import { recipeConnectionSwitch } from '../../src-shared/desk/screenChoices';
import { captureColumn, VALUE_COLUMN } from '../../src-shared/recipes/types';
import { stepTemplate } from '../../src-shared/recipes/validateRecipe';
import { ConfirmDialog, type ConfirmRequest } from '../components/ConfirmDialog';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { fmtInt } from '../components/format';
import { ProgressBar } from '../components/ProgressBar';
import { RecipeStepCard } from '../components/RecipeStepCard';
import { stepNotBuilt } from '../../src-shared/recipes/stepNotBuilt';
import { StepRequests } from '../components/RequestView';
import { StatusBadge } from '../components/StatusBadge';
import { StepCountsTable } from '../components/StepCountsTable';
import { go } from '../stores/appStore';
import { connectionsSelectors, useConnectionsStore } from '../stores/connectionsStore';
import { datasetsSelectors, useDatasetsStore } from '../stores/datasetsStore';
import { loadJobs, openJob } from '../stores/historyStore';
import {
  addStep,
  deleteDraft,
  exportDraft,
  importRecipeFile,
  loadPreview,
  loadRecipePreflight,
  loadRecipes,
  moveStep,
  newRecipe,
  pickRecipe,
  removeStep,
  runDraft,
  saveDraft,
  setConcurrency,
  setConnection,
  setPreviewRow,
  setRecipeMeta,
  setStepField,
  setStepTemplate,
  toggleSkip,
  updateStep,
  useRecipeStore,
} from '../stores/recipeStore';
import './recipes.css';

/** What this screen's runs say about undo: nothing (recipeStore's runDraft), so it stays on. */
const RUN_OPTIONS = {};

/**
 * "17 writes + 8 reads": the run button's count, short; "up to …" when some writes are decided as they are
 * sent (a step that needs an earlier step's answer may yet skip them as repeats or already sent).
 */
function requestsLabel({ writes, reads, decided }: RequestCount): string {
  const w = `${decided ? 'up to ' : ''}${fmtInt(writes)} write${writes === 1 ? '' : 's'}`;
  return reads ? `${w} + ${fmtInt(reads)} read${reads === 1 ? '' : 's'}` : w;
}

export function RecipesScreen() {
  const s = useRecipeStore();
  const dataset = useDatasetsStore(datasetsSelectors.current);
  const connections = useConnectionsStore(connectionsSelectors.items);
  const connectionsLoaded = useConnectionsStore((c) => c.loaded);
  const draft = s.draft;
  const usable = useMemo(() => connections.filter((c) => c.api === draft?.api), [connections, draft?.api]);
  const connection = usable.find((c) => c.id === s.connectionId) ?? null;
  const templates = useMemo(() => (draft ? templatesFor(draft.api) : []), [draft?.api]);
  const columns = useMemo(() => dataset?.columns ?? [], [dataset]);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  // Run pressed (Enter or a click) and the button goes disabled: focus moves to the run's progress once its
  // job is there, rather than dropping to the page.
  const runRegion = useRef<HTMLDivElement>(null);
  const focusRun = useRef(false);
  const runJobId = s.job?.id;
  useEffect(() => {
    if (!runJobId || !focusRun.current) return;
    focusRun.current = false;
    runRegion.current?.focus();
  }, [runJobId]);

  useEffect(() => void loadRecipes(), []);
  // A connection of the recipe's API: the sandbox's first, as the other screens do — once the list is
  // known, so that the one chosen (kept with the desk) is not replaced before the list says it is there.
  useEffect(() => {
    if (!draft) return;
    const next = recipeConnectionSwitch(s.connectionId, draft.api, { list: connections, loaded: connectionsLoaded });
    if (next) setConnection(next);
  }, [draft, s.connectionId, connections, connectionsLoaded]);
  // The job run from here, once it stops (completed, paused, failed): what it sent is "already sent" now,
  // so the per-step check and the run button's count are read again — they said what the run would send.
  const jobSettled = s.job && s.job.state !== 'running' ? `${s.job.id}:${s.job.state}` : null;
  // The live requests and the per-step check follow every change, a moment after typing stops.
  useEffect(() => {
    if (!draft || !connection || !dataset || dataset.state !== 'ready') return;
    const t = setTimeout(() => {
      void loadPreview(dataset.id);
      void loadRecipePreflight(dataset.id);
    }, 250);
    return () => clearTimeout(t);
  }, [draft, connection, dataset, s.previewRow, s.skipSteps, jobSettled]);

  const job = s.job;
  const running = job?.state === 'running';
  const plan = s.preflight;
  const errors = plan?.issues.filter((i) => i.level === 'error') ?? [];
  // Every request the run sends: its writes, and undo's read before each enrolment or group change
  // (this screen's runs keep undo on).
  const requests = recipeRequests(plan?.steps ?? [], RUN_OPTIONS);
  const wouldSend = requests.writes;
  const canRun =
    !!draft &&
    !!connection &&
    !!dataset &&
    !!plan &&
    errors.length === 0 &&
    wouldSend > 0 &&
    !running &&
    s.busy === null;

  const run = () => {
    if (!canRun || !dataset || !connection || !plan || !draft) return;
    const start = (typed?: string) => {
      focusRun.current = true;
      void runDraft(dataset.id, typed);
    };
    if (!plan.confirmation) return start();
    setConfirm({
      title: `${draft.name} on ${connection.name}`,
      body: (
        <>
          <p>
            Its destructive steps change or remove data in <strong>{connection.name}</strong>
            {connection.isSandbox ? ' (a sandbox)' : ''}:{' '}
            {plan.steps
              .filter((st) => st.destructive && st.counts.wouldSend > 0)
              .map((st) => `${st.name}: ${st.counts.decidedWhenSent ? 'up to ' : ''}${fmtInt(st.counts.wouldSend)}`)
              .join(', ')}
            .
          </p>
          <p>{recipeUndoSentence(draft.steps)}</p>
        </>
      ),
      confirmLabel: `Run on ${fmtInt(plan.rows)} rows`,
      phrase: plan.confirmation,
      prefill: connection.isSandbox,
      onConfirm: (typed) => start(typed),
    });
  };

  // Another recipe in place of a draft with edits not saved: asked first, naming it (Save keeps them).
  const leaveDraft = (then: () => void) => {
    if (!draft || !s.dirty) return then();
    setConfirm({
      title: `Discard your changes to “${draft.name}”?`,
      body: (
        <p>
          The recipe {draft.id} has changes not saved yet (its name, steps or mappings). They are lost if you
          go on; Save the recipe first to keep them.
        </p>
      ),
      confirmLabel: 'Discard the changes',
      cancelLabel: 'Keep editing',
      phrase: null,
      onConfirm: then,
    });
  };

  if (!dataset)
    return (
      <section className="screen" aria-labelledby="recipes-title">
        <h1 id="recipes-title">Recipes</h1>
        <EmptyState
          title="Import a spreadsheet first"
          action={{ label: 'Go to Import', onClick: () => go('import') }}
        >
          A recipe runs several calls for every row of a file — create the member, enrol them in their
          courses, add them to their groups, invite them — so it needs a file to work from.
        </EmptyState>
      </section>
    );

  return (
    <section className="screen recipes-screen" aria-labelledby="recipes-title">
      <header className="screen-header">
        <div>
          <h1 id="recipes-title">Recipes</h1>
          <p className="lede">
            Several calls per row of <strong>{dataset.fileName}</strong>, step by step: each step waits for
            the row’s earlier ones, and a failed step stops only its row.
          </p>
        </div>
      </header>

      <div className="card choose recipe-choose">
        <label>
          Recipe
          <select
            data-testid="recipe-select"
            value={draft?.id ?? ''}
            onChange={(e) => {
              const id = e.target.value;
              leaveDraft(() => pickRecipe(id));
            }}
          >
            {s.list.map((r) => (
              <option key={r.recipe.id} value={r.recipe.id}>
                {r.recipe.name} ({r.recipe.api === 'coursepath' ? 'Coursepath' : 'Coassemble'})
                {r.builtIn ? ' — built in' : ''}
              </option>
            ))}
            {draft && !s.list.some((r) => r.recipe.id === draft.id) && (
              <option value={draft.id}>{draft.name} (not saved)</option>
            )}
          </select>
        </label>
        <label>
          Connection
          <select
            data-testid="recipe-connection"
            value={connection?.id ?? ''}
            onChange={(e) => setConnection(e.target.value || null)}
          >
            {usable.length === 0 && <option value="">No {draft?.api} connection</option>}
            {usable.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <div className="actions">
          <button type="button" onClick={() => leaveDraft(() => newRecipe('coursepath', columns))}>
            New Coursepath recipe
          </button>
          <button type="button" onClick={() => leaveDraft(() => newRecipe('coassemble', columns))}>
            New Coassemble recipe
          </button>
          <button type="button" onClick={() => fileInput.current?.click()} disabled={s.busy === 'importing'}>
            Import file…
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".yaml,.yml,.json"
            className="visually-hidden-file"
            data-testid="recipe-import-input"
            aria-label="Recipe file to import"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) leaveDraft(() => void importRecipeFile(f));
            }}
          />
          <button
            type="button"
            disabled={!draft}
            onClick={() => void exportDraft('yaml')}
            data-testid="recipe-export-yaml"
          >
            Export YAML
          </button>
          <button type="button" disabled={!draft} onClick={() => void exportDraft('json')}>
            Export JSON
          </button>
        </div>
      </div>
      <ErrorMessage error={s.error} title="The recipe could not be used." />
      <ErrorMessage error={s.preflightError} title="The recipe could not be checked against the file." />
      {s.notice && (
        <p className="muted small" role="status" data-testid="recipe-notice">
          {s.notice}
        </p>
      )}

      {draft && (
        <>
          <div className="card recipe-meta">
            <label>
              Name
              <input
                data-testid="recipe-name"
                value={draft.name}
                onChange={(e) => setRecipeMeta({ name: e.target.value })}
              />
            </label>
            <label>
              Id{' '}
              {s.draftBuiltIn && (
                <span className="muted small">
                  (a built-in recipe: save your copy under an id of its own)
                </span>
              )}
              <input
                data-testid="recipe-id"
                value={draft.id}
                onChange={(e) => setRecipeMeta({ id: e.target.value })}
              />
            </label>
            <label className="wide">
              Description
              <textarea
                rows={2}
                value={draft.description ?? ''}
                onChange={(e) => setRecipeMeta({ description: e.target.value })}
              />
            </label>
            <div className="actions">
              <button
                type="button"
                className="primary"
                data-testid="recipe-save"
                disabled={s.busy !== null || !s.dirty}
                onClick={() => void saveDraft()}
              >
                {s.dirty ? 'Save recipe' : 'Saved'}
              </button>
              {s.dirty && (
                <span className="muted small" data-testid="recipe-draft-kept">
                  Not saved yet: your changes are kept as you make them (a reload or a restart opens them
                  again), but this is not a recipe you can choose until you save it.
                </span>
              )}
              {!s.draftBuiltIn && s.list.some((r) => r.recipe.id === draft.id) && (
                <button
                  type="button"
                  data-testid="recipe-delete"
                  onClick={() =>
                    setConfirm({
                      title: `Delete the recipe “${draft.name}”?`,
                      body: (
                        <p>
                          Its steps and mappings ({draft.id}) are removed from this computer’s Bulk Desk data. Jobs
                          already run with it keep their history. Export it first (YAML or JSON) to keep a copy.
                        </p>
                      ),
                      confirmLabel: 'Delete the recipe',
                      phrase: null,
                      onConfirm: () => void deleteDraft(),
                    })
                  }
                >
                  Delete
                </button>
              )}
            </div>
          </div>

          {errors.length > 0 && (
            <ul
              className="issues card"
              aria-label="Problems of this recipe with this file"
              data-testid="recipe-issues"
            >
              {errors.map((i, k) => (
                <li key={k} className="issue issue-error">
                  {i.message}
                </li>
              ))}
            </ul>
          )}

          <div className="recipe-steps">
            {draft.steps.map((step, i) => {
              const earlier = draft.steps
                .slice(0, i)
                .flatMap((e) =>
                  Object.keys(stepTemplate(e)?.capture ?? {}).map((label) => captureColumn(e.id, label)),
                );
              return (
                <RecipeStepCard
                  key={`${i}-${step.id}`}
                  step={step}
                  index={i}
                  count={draft.steps.length}
                  templates={templates}
                  columns={columns}
                  virtualColumns={[...(step.forEach ? [VALUE_COLUMN] : []), ...earlier]}
                  preview={s.preview?.steps.find((p) => p.id === step.id) ?? null}
                  notBuilt={s.preview ? stepNotBuilt(s.preview, step.id) : null}
                  previewRow={s.previewRow}
                  off={s.skipSteps.includes(step.id)}
                  onChange={(patch) => updateStep(i, patch)}
                  onField={(field, source) => setStepField(i, field, source)}
                  onTemplate={(t) => setStepTemplate(i, t, columns)}
                  onMove={(by) => moveStep(i, by)}
                  onRemove={() => removeStep(i)}
                  onSwitchOff={(off) => toggleSkip(step.id, off)}
                />
              );
            })}
            <button type="button" onClick={() => addStep(columns)} data-testid="recipe-add-step">
              + Add a step
            </button>
          </div>

          <section
            className="card recipe-preview"
            aria-labelledby="recipe-preview-title"
            data-testid="recipe-preview"
          >
            <header className="toolbar">
              <h2 id="recipe-preview-title">Row {s.previewRow} through every step</h2>
              <button
                type="button"
                aria-label="Previous row"
                disabled={s.previewRow <= 2}
                onClick={() => setPreviewRow(s.previewRow - 1)}
              >
                ←
              </button>
              <input
                type="number"
                min={2}
                className="short"
                aria-label="Row to preview"
                data-testid="recipe-preview-row"
                value={s.previewRow}
                onChange={(e) => setPreviewRow(Number(e.target.value))}
              />
              <button type="button" aria-label="Next row" onClick={() => setPreviewRow(s.previewRow + 1)}>
                →
              </button>
              <span className="muted small">
                What an earlier step answers (a member id) shows as {'{member.Member ID}'} until it has run.
              </span>
            </header>
            <ErrorMessage error={s.previewError} title="The row could not be built." />
            <ol className="preview-steps">
              {s.preview?.steps.map((st, i) => {
                // The step's fields name each problem's field by its label, once.
                const step = draft.steps.find((d) => d.id === st.id);
                return (
                  <li key={st.id} data-testid={`preview-step-${st.id}`}>
                    <h3>
                      {i + 1}. {st.name} <span className="muted small">{st.templateName}</span>
                    </h3>
                    <StepRequests items={st.items} fields={step && stepTemplate(step)?.fields} />
                    {st.items.length === 0 && s.preview && (
                      <p className="muted small">{stepNotBuilt(s.preview, st.id)}</p>
                    )}
                  </li>
                );
              })}
            </ol>
          </section>

          <section className="card recipe-run" aria-labelledby="recipe-run-title" data-testid="recipe-run">
            <h2 id="recipe-run-title">Run on {fmtInt(dataset.rowCount)} rows</h2>
            {plan && (
              <StepCountsTable
                label="What each step would do"
                testId="recipe-preflight"
                steps={plan.steps}
                detail={(st) => st.destructive && <span className="chip chip-error">destructive</span>}
                columns={[
                  { title: 'Items', count: (st) => st.counts.items },
                  // Known now to be sent; a step that needs an earlier step's answer decides as it goes.
                  { title: 'To send', count: (st) => knownToSend(st) },
                  { title: 'Decided when sent', count: (st) => st.counts.decidedWhenSent },
                  { title: 'Reads before', count: (st) => stepRequests(st, RUN_OPTIONS).reads },
                  { title: 'Repeats', count: (st) => st.counts.duplicate },
                  { title: 'Already sent', count: (st) => st.counts.alreadySent },
                  { title: 'Invalid', count: (st) => st.counts.invalid, tone: 'error' },
                  { title: 'Blocked', count: (st) => st.counts.blocked, tone: 'warn' },
                  { title: 'Not applicable', count: (st) => st.counts.notApplicable },
                ]}
              />
            )}
            {requests.decided > 0 && (
              <p className="muted small" data-testid="recipe-decided-note">
                Decided when sent: {plural(requests.decided, 'item needs', 'items need')} what an earlier step
                answers (a member id), so whether each is sent, or skipped as a repeat or as already sent, is known
                only as the run reaches it. The run sends{' '}
                {requests.writes > requests.decided
                  ? `${plural(requests.writes - requests.decided, 'write')} for sure, and up to ${fmtInt(requests.writes)}.`
                  : `up to ${plural(requests.writes, 'write')}.`}
              </p>
            )}
            {requests.reads > 0 && (
              <p className="muted small" data-testid="recipe-reads-note">
                Reads before: just before each of those writes, the step reads what it changes and keeps it,
                so the run can be undone.
              </p>
            )}
            {plan && plan.invalid.length > 0 && (
              <ul className="issues" aria-label="Items that cannot be built">
                {plan.invalid.slice(0, 5).map((r, k) => (
                  <li key={k} className="issue issue-error">
                    {r.message} — this step fails for the row, and its later steps wait until it is fixed.
                  </li>
                ))}
              </ul>
            )}
            <div className="toolbar">
              <label className="inline-field">
                Parallel requests
                <input
                  type="number"
                  min={1}
                  max={64}
                  className="short"
                  placeholder="auto"
                  data-testid="recipe-concurrency"
                  value={s.concurrency ?? ''}
                  onChange={(e) =>
                    setConcurrency(
                      e.target.value === '' ? null : Math.max(1, Math.min(64, Number(e.target.value) || 1)),
                    )
                  }
                />
              </label>
              <span className="muted small">
                empty: automatic, following how fast the LMS answers (a number pins it); shared by every step:
                one throttle per connection.
              </span>
              <button
                type="button"
                className="primary"
                data-testid="recipe-run-button"
                disabled={!canRun}
                onClick={run}
              >
                {s.busy === 'running' ? 'Starting…' : `Run the recipe (${requestsLabel(requests)})`}
              </button>
            </div>
            {job?.recipe && (
              <div
                className="recipe-job"
                data-testid="recipe-job"
                data-state={job.state}
                role="region"
                aria-label="The run"
                tabIndex={-1}
                ref={runRegion}
              >
                <p>
                  Job <code>{job.id.slice(0, 8)}</code>{' '}
                  <StatusBadge status={job.state} testId="recipe-job-state" /> ·{' '}
                  {fmtInt(job.counts.succeeded)} succeeded · {fmtInt(job.counts.failed)} failed ·{' '}
                  {fmtInt(job.counts.blocked)} blocked · {fmtInt(job.counts.skipped)} skipped
                </p>
                <ProgressBar counts={job.counts} inFlight={job.counts.sending} />
                <ol className="recipe-job-steps">
                  {job.recipe.steps.map((st, i) => (
                    <li key={st.id}>
                      {i + 1}. {st.name}: {fmtInt(st.counts.succeeded)}/{fmtInt(st.counts.total)}
                      {st.counts.failed ? (
                        <span className="error-text"> · {fmtInt(st.counts.failed)} failed</span>
                      ) : null}
                      {st.counts.blocked ? (
                        <span className="warn-text"> · {fmtInt(st.counts.blocked)} blocked</span>
                      ) : null}
                    </li>
                  ))}
                </ol>
                <button
                  type="button"
                  data-testid="recipe-open-history"
                  onClick={() => {
                    void loadJobs().then(() => openJob(job.id));
                    go('history');
                  }}
                >
                  See each row in History
                </button>
              </div>
            )}
          </section>
        </>
      )}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </section>
  );
}
