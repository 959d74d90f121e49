/**
 * @brain-nets/models: isomorphic model code shared by build-time loaders and pages: a typed ONNX graph builder,
 * reverse-mode gradients, losses, optimizers and architectures. Nothing here touches Node or the DOM; callers
 * run the ONNX bytes with onnxruntime-node or onnxruntime-web.
 *
 * @example Train the seed's ReLU decoder for one step (onnxruntime-node or onnxruntime-web alike)
 * ```ts
 * import {deepNetReLU, sgd, nextName} from "@brain-nets/models";
 * const model = deepNetReLU({nNeurons: 23589, nHidden: 20});
 * const step = model.trainStepGraph({optimizer: sgd({lr: 1e-4})});       // loss defaults to the model's (MSE)
 * const session = await ort.InferenceSession.create(step.toBytes());
 * const feeds = {};
 * for (const [name, {data, dims}] of Object.entries(step.initialFeeds(model.initWeights(42))))
 *   feeds[name] = new ort.Tensor("float32", data, dims);                   // param.* and state.* inputs
 * feeds.x = new ort.Tensor("float32", X, [216, 23589]);                   // batch, row-major
 * feeds.target = new ort.Tensor("float32", Y, [216, 1]);                  // degrees
 * for (const [h, v] of Object.entries(step.hyper)) feeds[`hyper.${h}`] = new ort.Tensor("float32", [v], []);
 * const out = await session.run(feeds);                                   // out.loss, out.prediction
 * for (const name of Object.keys(feeds)) if (out[nextName(name)]) feeds[name] = out[nextName(name)]; // next step
 * // Inference with trained weights: model.inferenceGraph(weights) → input "x", output "y"; toModelBytes(graph).
 * // Fine-tuning: model.trainStepGraph({optimizer, frozen: ["fc1.weight"]}) keeps fc1.weight fixed.
 * // Gradients only (checks, saliency): model.gradientGraph() → outputs "loss", "prediction", "grad.<p>".
 * ```
 * Adding an architecture: write `defineModel({name, config, inputShape, outputShape, params, loss, forward})`
 * with the forward pass built from the ops below; inference, gradients, train steps and export come for free.
 */
export * from "./graph.js";
export * from "./ops.js";
export * from "./conv.js";
export * from "./onnx.js";
export * from "./onnxImport.js";
export * from "./autodiff.js";
export * from "./losses.js";
export * from "./optimizers.js";
export * from "./model.js";
export * from "./random.js";
export * from "./decode.js";
export * from "./architectures/mlp.js";
export * from "./architectures/cnn.js";
export * from "./architectures/encoding.js";
