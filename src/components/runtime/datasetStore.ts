/**
 * Keeps a reader's own dataset in this browser ("Your data"): the decoded, z-scored responses and what the build
 * would precompute for them (per-neuron tuning, the Gram matrix), in IndexedDB, so every page and later visit opens
 * it without reading the file again. One dataset at a time. Works in the page and in the compute worker (both have
 * IndexedDB); nothing here touches the network.
 */
import type {DatasetSummaries, UserDataset, UserSource} from "../core/userData.js";

const DB = "brain-nets-data";
const STORE = "datasets";
const KEY = "user";
// The Gram matrix, kept apart: computed after the dataset is stored, and rewritten without the dataset.
const GRAM_KEY = "user-gram";

/** What is kept: the dataset, its summaries and when it was stored. */
export interface StoredDataset {
  dataset: UserDataset;
  summaries: DatasetSummaries;
  /** Bytes the typed arrays take in storage. */
  storedBytes: number;
  savedAt: number;
}

function open(): Promise<IDBDatabase> {
  const idb = (globalThis as {indexedDB?: IDBFactory}).indexedDB;
  if (!idb) return Promise.reject(new Error("this browser keeps no IndexedDB (private window?)"));
  return new Promise((resolve, reject) => {
    const request = idb.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB could not be opened"));
    request.onblocked = () => reject(new Error("IndexedDB is blocked by another tab"));
  });
}

async function transact<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest | null): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = run(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request?.result as T);
      tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
      tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted (out of space?)"));
    });
  } finally {
    db.close();
  }
}

/** Bytes the dataset's arrays take (responses, stimuli, tuning, Gram). */
export function storedBytes(dataset: UserDataset, summaries: DatasetSummaries): number {
  const n = summaries.neurons;
  return (
    dataset.responses.byteLength +
    dataset.stimuli.byteLength +
    (dataset.positions?.data.byteLength ?? 0) +
    n.preferred.byteLength +
    n.osi.byteLength +
    n.dsi.byteLength +
    n.gain.byteLength +
    (summaries.gram?.byteLength ?? 0)
  );
}

/** Stores `dataset` (replacing any earlier one); rejects, keeping the earlier one, when the browser refuses. */
export async function saveDataset(dataset: UserDataset, summaries: DatasetSummaries): Promise<StoredDataset> {
  const record: StoredDataset = {dataset, summaries, storedBytes: storedBytes(dataset, summaries), savedAt: Date.now()};
  try {
    await transact("readwrite", (store) => {
      store.delete(GRAM_KEY);
      return store.put(record, KEY);
    });
  } catch (e) {
    throw new Error(`could not keep ${dataset.source.file} in this browser: ${(e as Error)?.message ?? e}`);
  }
  return record;
}

/**
 * The stored dataset, or null when there is none (never stored, forgotten, or cleared by the browser); its
 * `summaries.gram` is the Gram matrix when {@link saveGram} has stored it.
 */
export async function loadDataset(): Promise<StoredDataset | null> {
  const record = await transact<StoredDataset | undefined>("readonly", (store) => store.get(KEY));
  if (!record) return null;
  record.summaries.gram ??=
    (await transact<Float64Array | undefined>("readonly", (store) => store.get(GRAM_KEY))) ?? null;
  return record;
}

/** Keeps the stored dataset's Gram matrix (computed after the dataset was stored). */
export async function saveGram(gram: Float64Array): Promise<void> {
  await transact("readwrite", (store) => store.put(gram, GRAM_KEY));
}

/** Deletes the stored dataset. */
export async function forgetDataset(): Promise<void> {
  await transact("readwrite", (store) => {
    store.delete(GRAM_KEY);
    return store.delete(KEY);
  });
}

/** A stored dataset's description without its arrays, for the page's control and badge. */
export interface StoredInfo {
  source: UserSource;
  storedBytes: number;
  savedAt: number;
}

// "Your model": the reader's ONNX file with the layers picked and their Grams, beside the dataset.
const MODEL_KEY = "user-model";

/** A reader's model as kept: the file, what was chosen, and the chosen layers' Grams on the 1° stimuli. */
export interface StoredModel<Grams = unknown, Info = unknown> {
  file: string;
  bytes: Uint8Array;
  grams: Grams;
  info: Info;
  savedAt: number;
}

/** Keeps the reader's model (replacing any earlier one); rejects, keeping the earlier one, when the browser refuses. */
export async function saveModel<G, I>(record: StoredModel<G, I>): Promise<void> {
  try {
    await transact("readwrite", (store) => store.put(record, MODEL_KEY));
  } catch (e) {
    throw new Error(`could not keep ${record.file} in this browser: ${(e as Error)?.message ?? e}`);
  }
}

/** The stored model, or null when there is none. */
export async function loadModel<G, I>(): Promise<StoredModel<G, I> | null> {
  return (await transact<StoredModel<G, I> | undefined>("readonly", (store) => store.get(MODEL_KEY))) ?? null;
}

/** Deletes the stored model. */
export async function forgetModel(): Promise<void> {
  await transact("readwrite", (store) => store.delete(MODEL_KEY));
}
