// The working mapping kept in SQLite as it is edited (`mappings.saveWorking`): an edit is saved 300 ms
// after the last keystroke, the newer of two saves wins whichever lands last, and a save still waiting
// as the page goes is sent by a request that outlives the page. "Saved" is said only when nothing the
// admin did is waiting.
import type { Input, WorkingMappingDto } from '../../src-shared/contract/api';
import { mappingPatch } from '../../src-shared/mapping/mappingPatch';
import { call, callAsPageLeaves, fitsPageLeave } from '../api/client';
import { whenPageLeaves } from '../api/pageLeave';
import { datasetNow, get, set } from './mappingState';

/** An edit is saved this long after the last keystroke. */
const SAVE_DELAY_MS = 300;

let saveTimer: ReturnType<typeof setTimeout> | null = null;
/** Bumped whenever the state on screen stops matching SQLite: a save answers for the state it sent. */
let changeSeq = 0;

/** The mapping on screen is no longer what SQLite holds (its save is scheduled, or follows a read). */
export function markUnsaved(): void {
  changeSeq++;
  if (!get().unsaved) set({ unsaved: true });
}

export function scheduleSave(): void {
  markUnsaved();
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => void saveWorking(), SAVE_DELAY_MS);
}

/**
 * Stores the mapping on screen now. `leaving`: the page is going (a reload, the window closing), so the
 * save goes by `callAsPageLeaves`, which outlives the page.
 */
export async function saveWorking(leaving = false, datasetId = datasetNow()): Promise<void> {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = null;
  const { templateId, connectionId, mapping } = get();
  if (!datasetId || !templateId) return set({ unsaved: false });
  await send({ datasetId, templateId, connectionId, mapping, ...versionOf(datasetId, templateId) }, leaving);
}

type WorkingInput = Input<'mappings.saveWorking'>;
/** The save sent and not answered yet: the page's own request may be dropped with it, so it is sent again. */
let inFlight: WorkingInput | null = null;
/** The mapping SQLite holds for a file and template, as last read or saved whole and answered, and its version. */
let stored: (Pick<WorkingInput, 'datasetId' | 'templateId' | 'mapping'> & { updatedAt: number }) | null =
  null;

/** This page's id in the saves it makes: its own count orders them, on no clock (workingVersion.ts). */
const PAGE_ID = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) =>
  b.toString(16).padStart(2, '0'),
).join('');
let madeSeq = 0;

/**
 * What a save names so that the newer of two wins whichever lands last (main refuses one older than what
 * is stored: src-shared/mapping/workingVersion.ts): the version it started from, and which save of this
 * page it is.
 */
function versionOf(datasetId: string, templateId: string): Pick<WorkingInput, 'base' | 'madeBy'> {
  const known = stored && stored.datasetId === datasetId && stored.templateId === templateId;
  return { base: known ? stored!.updatedAt : null, madeBy: { page: PAGE_ID, seq: ++madeSeq } };
}

/**
 * The whole mappings sent since `stored` and not answered: main may hold any of them (stored, the answer
 * on its way) as well as `stored`'s, so a change sent as the page goes is measured from them all.
 */
let unanswered: { n: number; input: WorkingInput }[] = [];

/** Every save sent is numbered; an answer to one sent before the last answered is not read. */
let sendSeq = 0;
let answeredSeq = 0;

async function send(input: WorkingInput, leaving: boolean): Promise<void> {
  const sent = changeSeq;
  const n = ++sendSeq;
  inFlight = input;
  const sending = leaving ? asPageLeaves(input) : input;
  if (!input.keepStored) unanswered.push({ n, input });
  const r = await (leaving ? callAsPageLeaves : call)('mappings.saveWorking', sending);
  if (inFlight === input) inFlight = null;
  // Answered: main holds this one, or one made after it (then refused, it holds none of the earlier).
  unanswered = unanswered.filter((u) => (r.ok ? u.n > n : u.n !== n));
  // An earlier save of this page answering after a later one (or refused as older than it, with the later
  // one still on its way) says nothing about what is stored now.
  if (n < answeredSeq || (!r.ok && r.error.code === 'CONFLICT' && n < sendSeq)) return;
  answeredSeq = n;
  if (r.ok && !input.keepStored)
    stored = {
      datasetId: input.datasetId,
      templateId: input.templateId,
      mapping: input.mapping,
      updatedAt: r.value.updatedAt,
    };
  else if (r.ok) stored = null;
  set(
    r.ok
      ? { savedAt: r.value.updatedAt, saveError: null, unsaved: sent !== changeSeq }
      : { saveError: r.error },
  );
}

/**
 * A save as the page goes: whole where it fits what outlives the page (fitsPageLeave); else, a mapping
 * over the browser's keepalive allowance (large value maps), the change since the mapping stored, which a
 * field or two edited keeps small. A change itself over it (a large map pasted just then), or one with no
 * stored mapping known to change, goes whole as a plain request, which the browser may drop with the page.
 */
function asPageLeaves(input: WorkingInput): WorkingInput {
  if (fitsPageLeave('mappings.saveWorking', input) || input.keepStored) return input;
  const same = (w: Pick<WorkingInput, 'datasetId' | 'templateId'>) =>
    w.datasetId === input.datasetId && w.templateId === input.templateId;
  if (!stored || !same(stored)) return input;
  // Measured from every version main may hold: a field set back since a whole save it holds is sent too.
  const bases = [stored.mapping, ...unanswered.filter((u) => same(u.input)).map((u) => u.input.mapping)];
  const { mapping, removed, unset } = mappingPatch(bases, input.mapping);
  return { ...input, mapping, patch: { removed, unset } };
}

/** A template chosen whose mapping for this file is still being read from SQLite (no save scheduled yet). */
let templateRead = false;

// An edit made less than SAVE_DELAY_MS before the page goes is sent then, not lost with the page. A
// template chosen while its mapping is read goes as the choice only (`keepStored`): what the file has for
// it in SQLite is not overwritten by the auto-match on screen. Only as the page goes: a page merely hidden
// lives on, and its reads answer and schedule the save.
whenPageLeaves((leaving) => {
  if (saveTimer) void saveWorking(leaving);
  else if (leaving && inFlight) void send(inFlight, true);
  else if (leaving && templateRead) {
    const datasetId = datasetNow();
    const { templateId, connectionId, mapping } = get();
    if (datasetId && templateId)
      void send(
        {
          datasetId,
          templateId,
          connectionId,
          mapping,
          keepStored: true,
          ...versionOf(datasetId, templateId),
        },
        true,
      );
  }
});

/** A working mapping read from SQLite: what main holds, which the next save names as its base. */
export function rememberStored(w: WorkingMappingDto): void {
  stored = w;
}

/** Whether a template's mapping for this file is being read (see `templateRead`). */
export function setTemplateRead(reading: boolean): void {
  templateRead = reading;
}

/**
 * Another file became current: a save still waiting is of the mapping made for the file before, so it
 * goes to that file now (or nowhere, with no file before), never to the new one — whose own working
 * mapping is being read.
 */
export function saveWaitingGoesTo(previousDatasetId: string | null): void {
  if (!saveTimer) return;
  if (previousDatasetId) void saveWorking(false, previousDatasetId);
  else {
    clearTimeout(saveTimer);
    saveTimer = null;
  }
}
