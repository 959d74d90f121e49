/**
 * What each page shows once its start-up (data, ONNX Runtime, first computation) is done. Sections that start
 * when scrolled into view are left to the page's own tests. A new page needs an entry here (pages.test.ts and the first-visit bench use it).
 */
export const READY: Record<string, string> = {
  "/": ".site-map",
  "/data": ".v1-sorted-raster canvas",
  "/decoding": ".train-status",
  "/perceptron": "#mlp-status",
  "/spiking": "#sim-timing",
  "/convolution": ".bank-maps .feature-maps svg",
  "/cnn": ".network-answer",
  "/receptive-fields": ".occlusion-progress",
  "/fine-tuning": ".accuracy-curves svg",
  "/encoding": ".encoding-status[data-mean-r]",
  "/rsa": ".backend-badge[data-backend=wasm]",
  "/fingerprints": ".backend-badge[data-backend=wasm]",
  "/searchlight": ".searchlight-status",
};
