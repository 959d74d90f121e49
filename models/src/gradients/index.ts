/** Registers every gradient rule (import for its side effect). */
import "./elementwise.js";
import "./linear.js";
import "./shape.js";
import "./conv.js";
