// Observable Framework configuration. The build must never reach a CDN (see ARCHITECTURE.md):
// no Google Fonts stylesheet, libraries imported by bare name from node_modules.
import {existsSync} from "node:fs";

interface PageEntry {
  name: string;
  path?: string;
  pages?: PageEntry[];
}

/** Keeps only the pages whose Markdown source exists, so the sidebar never links a missing page. */
function existing(entries: PageEntry[]): PageEntry[] {
  return entries
    .map((e) => (e.pages ? {...e, pages: existing(e.pages)} : e))
    .filter((e) => (e.pages ? e.pages.length > 0 : existsSync(`src${e.path}.md`)));
}

export default {
  title: "Brain & Nets",
  root: "src",
  // Browser tests may build into another folder (BN_OUTPUT) so parallel builds do not clobber each other.
  output: process.env.BN_OUTPUT ?? "dist",
  globalStylesheets: [],
  // Default theme plus the Observable Inputs stylesheet, bundled from node_modules (see src/style.css).
  style: "style.css",
  // An inline icon: no /favicon.ico request that a static host would answer with 404.
  head: `<link rel="icon" href="data:,">`,
  pages: existing([
    {name: "V1 data", path: "/data"},
    {
      name: "Basics",
      pages: [
        {name: "Perceptron to MLP", path: "/perceptron"},
        {name: "Spiking network", path: "/spiking"}
      ]
    },
    {name: "Decoding orientation", path: "/decoding"},
    {
      name: "Convolutional networks",
      pages: [
        {name: "Convolution", path: "/convolution"},
        {name: "A CNN trained on gratings", path: "/cnn"},
        {name: "Receptive fields by occlusion", path: "/receptive-fields"},
        {name: "Fine-tuning and forgetting", path: "/fine-tuning"},
        {name: "Encoding model", path: "/encoding"}
      ]
    },
    {
      name: "Brain vs network",
      pages: [
        {name: "Representational similarity", path: "/rsa"},
        {name: "Layer fingerprints", path: "/fingerprints"},
        {name: "Searchlight maps", path: "/searchlight"}
      ]
    }
  ]),
  footer: "Brain & Nets: neural networks and neuroscience data, live in your browser.",
  search: false,
  linkify: true
};
