import {describe, expect, it} from "vitest";
import {unhashed} from "../../../src/components/ui/download.js";

describe("unhashed", () => {
  it("drops Framework's content hash, so a new build's file replaces the old one in the cache", () => {
    expect(unhashed("http://x.org/_file/data/v1-responses.d6ef3208.arrow")).toBe("/_file/data/v1-responses.arrow");
    expect(unhashed("/_file/data/decoders/seed-long.0a1b2c3d.onnx")).toBe("/_file/data/decoders/seed-long.onnx");
    // npm run dev: no hash in the path (a ?sha= query instead): the path is the file's identity.
    expect(unhashed("http://127.0.0.1:3000/_file/data/v1-gram.arrow?sha=123")).toBe("/_file/data/v1-gram.arrow");
    expect(unhashed("/_file/data/name.with.dots.arrow")).toBe("/_file/data/name.with.dots.arrow");
  });
});
