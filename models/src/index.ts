/** @brain-nets/models: isomorphic model code shared by build-time loaders and pages. */
export const MODELS_VERSION = "0.1.0";
