/**
 * Build-time RSA at the page's default inputs (`rsa.json`): the comparisons with bootstrap intervals, the
 * noise ceiling and the MDS embeddings, through the same src/components/rsaAnalysis.ts the page runs.
 */
import {layerGram} from "../../src/components/core/layerGrams.ts";
import {
  RSA_DEFAULTS,
  layerRdms,
  summarize,
  v1Rdm,
  v1View,
  type RsaOptions,
  type RsaSummary,
} from "../../src/components/core/rsaAnalysis.ts";
import type {V1Dataset} from "../../src/components/core/v1.ts";
import {networkLayers, type NetworkLayerOptions} from "./layers.ts";

/** RSA of every network layer against V1 (1° data) with `options` (defaults: the page's). */
export async function rsaSummary(
  v1: V1Dataset,
  options: Partial<RsaOptions> = {},
  layerOptions: NetworkLayerOptions = {},
): Promise<RsaSummary & {source: V1Dataset["source"]}> {
  const opts = {...RSA_DEFAULTS, ...options};
  const layers = (await networkLayers(v1, layerOptions)).map((l) => layerGram(l, v1.nStimuli));
  const view = v1View(v1, opts);
  const summary = summarize(view, v1Rdm(view, opts), layerRdms(layers, v1.stimuli, opts), opts);
  return {...summary, source: v1.source};
}
