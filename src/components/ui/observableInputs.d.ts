/** The few Observable Inputs constructors the page-state helpers wrap (the package ships no types). */
declare module "@observablehq/inputs" {
  type Element = HTMLElement & {value: any};
  type Options = Record<string, any>;
  export function range(extent: [number, number], options?: Options): Element;
  export function number(extent: [number, number], options?: Options): Element;
  export function select(data: any, options?: Options): Element;
  export function radio(data: any, options?: Options): Element;
  export function checkbox(data: any, options?: Options): Element;
  export function toggle(options?: Options): Element;
  export function text(options?: Options): Element;
  export function button(content: any, options?: Options): Element;
}
